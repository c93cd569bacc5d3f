package main

// N+1, as the model expects a client to work it out (docs/operations.md,
// "Clusters and capacity"): the cluster's current load over the effective
// capacity left with its largest host down. vCenter gives the effective
// capacity only for the whole cluster, so the largest host takes away its share
// of it: effective × largest / the raw hardware of the hosts the effective
// capacity counts (connected, not in maintenance), by cores × MHz for CPU and
// by memory for memory. ESXi keeps a share of every host (effective.go), so
// taking the largest host's raw hardware away would take away too much.
type nPlusOneJSON struct {
	CPUCapacityMhz float64  `json:"cpuCapacityMhz"` // effective CPU left with the largest host down
	MemCapacityMB  float64  `json:"memCapacityMB"`  // effective memory left, in MB as summary.effectiveMemory
	CPUPercent     *float64 `json:"cpuPercent"`     // the connected hosts' usage over it, unrounded; null without capacity left
	MemPercent     *float64 `json:"memPercent"`
	Holds          bool     `json:"holds"` // both at or under 100 %
}

func nPlusOneOf(j clusterJSON) nPlusOneJSON {
	n := nPlusOneJSON{
		CPUCapacityMhz: withoutLargest(float64(j.EffectiveCPUMhz), j.CountedHostsCPUMhz, j.LargestHostCPUMhz),
		MemCapacityMB:  withoutLargest(float64(j.EffectiveMemoryMB), j.CountedHostsMemoryBytes, j.LargestHostMemoryBytes),
	}
	n.CPUPercent = usagePercent(float64(j.CPUUsageMhz), n.CPUCapacityMhz)
	n.MemPercent = usagePercent(float64(j.MemUsageMB), n.MemCapacityMB)
	n.Holds = n.CPUPercent != nil && n.MemPercent != nil && *n.CPUPercent <= 100 && *n.MemPercent <= 100
	return n
}

// withoutLargest is the effective capacity less the largest host's share of it.
func withoutLargest(effective float64, counted, largest int64) float64 {
	if counted <= 0 {
		return 0
	}
	return effective * float64(counted-largest) / float64(counted)
}

func usagePercent(used, capacity float64) *float64 {
	if capacity <= 0 {
		return nil
	}
	p := 100 * used / capacity
	return &p
}
