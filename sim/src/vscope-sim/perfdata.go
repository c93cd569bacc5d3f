package main

import (
	"github.com/vmware/govmomi/simulator/vpx"
)

// govmomi's sample data has only -1 ("no value") for some counters vscope reads,
// so its QueryPerf answers nothing usable for them. A real ESXi has them,
// so give those counters plausible base series (the simulator adds its own noise)
// to let the collector's paths for them run end to end.
var extraSamples = map[string]map[string][]int64{
	"HostSystem": {
		// per-datastore latency, milliseconds
		"datastore.totalReadLatency.average":  {2, 3, 5, 4, 8, 3, 2, 12, 4, 3},
		"datastore.totalWriteLatency.average": {4, 6, 3, 9, 5, 4, 15, 6, 5, 7},
		// per-datastore operations per second
		"datastore.numberReadAveraged.average":  {40, 75, 22, 130, 58, 31, 96, 17, 64, 49},
		"datastore.numberWriteAveraged.average": {88, 26, 51, 19, 140, 72, 35, 61, 27, 93},
		// the highest latency of the host's disks, milliseconds
		"disk.maxTotalLatency.latest": {6, 9, 7, 12, 10, 6, 17, 14, 8, 9},
	},
	"VirtualMachine": {
		// per virtual disk: KB/s, operations per second, milliseconds
		"virtualDisk.read.average":                {120, 340, 80, 900, 260, 40, 610, 150},
		"virtualDisk.write.average":               {300, 150, 520, 90, 410, 230, 60, 380},
		"virtualDisk.numberReadAveraged.average":  {12, 30, 8, 75, 22, 5, 48, 15},
		"virtualDisk.numberWriteAveraged.average": {25, 14, 40, 9, 33, 19, 6, 31},
		"virtualDisk.totalReadLatency.average":    {1, 2, 4, 3, 7, 2, 1, 9},
		"virtualDisk.totalWriteLatency.average":   {2, 3, 2, 6, 4, 3, 11, 5},
		"disk.maxTotalLatency.latest":             {3, 4, 6, 5, 11, 4, 3, 14},
	},
}

// hasValues tells whether a sample series holds anything but "no value" (-1).
func hasValues(series []int64) bool {
	for _, v := range series {
		if v >= 0 {
			return true
		}
	}
	return false
}

// addExtraSamples fills the simulator's sample data for the counters above where
// it has none; it must run before the simulator's PerformanceManager is created.
func addExtraSamples() {
	keys := map[string]int32{}
	for _, c := range vpx.PerfCounter {
		keys[c.GroupInfo.GetElementDescription().Key+"."+c.NameInfo.GetElementDescription().Key+"."+string(c.RollupType)] = c.Key
	}
	for entityType, counters := range extraSamples {
		data := vpx.MetricData[entityType]
		for name, series := range counters {
			key, ok := keys[name]
			if !ok {
				continue
			}
			if !hasValues(data[key]) {
				data[key] = series
			}
		}
	}
}
