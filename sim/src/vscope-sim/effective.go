package main

import (
	"github.com/vmware/govmomi/simulator"
)

// Effective capacity. vCenter's summary.effectiveCpu (MHz) and
// summary.effectiveMemory (MB) of a cluster are what its running hosts
// (connected, not in maintenance) have left for VMs once ESXi has kept its own
// share, not their raw hardware (cores × MHz, memorySize): a client that takes
// a host's raw hardware away from the effective capacity takes away too much.
// A recorded vCenter (fixtures/vcenter, manageiq-WaitForUpdatesEx-1) reports
// 59,872 MB of effective memory for four hosts of 16,380 MB each: 1,412 MB,
// 8.6 %, kept per host. Its CPU there is the raw 4 × 4 × 2,999 MHz, but that
// one is vpxd's simulation mode; a real vCenter also keeps CPU for the
// VMkernel's system resource pool, a few percent of each host.
//
// The simulator keeps, per running host, a fixed 1,200 MB plus a share of its
// memory, and a share of its CPU; the shares differ per cluster (by name order
// within the datacenter), so that the ratio of effective to raw capacity is not
// the same everywhere and the hosts' raw hardware never adds up to it.
type esxiOverhead struct {
	cpuPermille int64 // of the host's cores × MHz
	memFixedMB  int64
	memPermille int64 // of the host's memory, on top of memFixedMB
}

var esxiOverheads = []esxiOverhead{
	{cpuPermille: 40, memFixedMB: 1200, memPermille: 15},
	{cpuPermille: 65, memFixedMB: 1200, memPermille: 30},
	{cpuPermille: 90, memFixedMB: 1200, memPermille: 45},
}

// overheadOf is the overhead of a compute resource's hosts: a cluster's by its
// place among its datacenter's clusters, a standalone host's the first.
func overheadOf(cr *computeResource) esxiOverhead {
	c, ok := cr.obj.(*simulator.ClusterComputeResource)
	if !ok {
		return esxiOverheads[0]
	}
	if dc := datacenterOf(c); dc != nil {
		for i, other := range clustersOf(dc) {
			if other.Self == c.Self {
				return esxiOverheads[i%len(esxiOverheads)]
			}
		}
	}
	return esxiOverheads[0]
}

// effectiveCpuMhz is what a running host of raw cpuMhz (cores × MHz) adds to summary.effectiveCpu.
func (o esxiOverhead) effectiveCpuMhz(cpuMhz int32) int32 {
	return int32(int64(cpuMhz) * (1000 - o.cpuPermille) / 1000)
}

// effectiveMemoryMB is what a running host of memBytes adds to summary.effectiveMemory (in MB, as the API has it).
func (o esxiOverhead) effectiveMemoryMB(memBytes int64) int64 {
	mb := memBytes >> 20
	return max64(0, mb-o.memFixedMB-mb*o.memPermille/1000)
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
