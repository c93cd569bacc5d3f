package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// govmomi creates every cluster with DRS on and HA unset. Clusters get one of
// these instead, by name order within their datacenter: HA on every other
// cluster, DRS off on every third, and DRS's automation level cycling.
var drsBehaviors = []types.DrsBehavior{
	types.DrsBehaviorFullyAutomated,
	types.DrsBehaviorPartiallyAutomated,
	types.DrsBehaviorManual,
}

func applyClusterProfile(c *simulator.ClusterComputeResource, i int) {
	// Leaf paths, as vCenter reports them to a filter that asks for them.
	update(c,
		set("configuration.dasConfig.enabled", i%2 == 0),
		set("configuration.drsConfig.enabled", i%3 != 2),
		set("configuration.drsConfig.defaultVmBehavior", drsBehaviors[i%len(drsBehaviors)]))
}

func clustersOf(dc *simulator.Datacenter) []*simulator.ClusterComputeResource {
	var out []*simulator.ClusterComputeResource
	for _, e := range entitiesUnder(dc.HostFolder, "ClusterComputeResource") {
		out = append(out, e.(*simulator.ClusterComputeResource))
	}
	return out
}

// clusterJSON is a cluster in the model: its own properties (summary and
// configuration) and, computed here from its hosts and their VMs, the figures a
// client derives from them. Always of the whole cluster, whoever asks: a user
// who may see the cluster sees its totals (vCenter does not filter a summary).
type clusterJSON struct {
	Moid              string   `json:"moid"`
	Name              string   `json:"name"`
	Hosts             []string `json:"hosts"`
	NumCPUCores       int16    `json:"numCpuCores"`
	NumCPUThreads     int16    `json:"numCpuThreads"`
	EffectiveCPUMhz   int32    `json:"effectiveCpuMhz"`
	EffectiveMemoryMB int64    `json:"effectiveMemoryMB"`
	TotalCPUMhz       int32    `json:"totalCpuMhz"`
	TotalMemoryBytes  int64    `json:"totalMemoryBytes"`
	NumHosts          int32    `json:"numHosts"`
	NumEffectiveHosts int32    `json:"numEffectiveHosts"`
	HAEnabled         bool     `json:"haEnabled"`
	DRSEnabled        bool     `json:"drsEnabled"`
	DRSBehavior       string   `json:"drsBehavior"`

	// From the hosts: connection and maintenance counts, quick stats summed over
	// the connected hosts, the raw hardware (cores × MHz, memory) of those that
	// count in the effective capacity (connected, not in maintenance), summed and
	// the largest, and the physical memory of all of them.
	HostsConnected          int   `json:"hostsConnected"`
	HostsInMaintenance      int   `json:"hostsInMaintenance"`
	CPUUsageMhz             int64 `json:"cpuUsageMhz"`
	MemUsageMB              int64 `json:"memUsageMB"`
	CountedHostsCPUMhz      int64 `json:"countedHostsCpuMhz"`
	CountedHostsMemoryBytes int64 `json:"countedHostsMemoryBytes"`
	LargestHostCPUMhz       int64 `json:"largestHostCpuMhz"`
	LargestHostMemoryBytes  int64 `json:"largestHostMemoryBytes"`
	PhysicalMemoryBytes     int64 `json:"physicalMemoryBytes"`

	// The load with the largest host down (nplusone.go).
	NPlusOne nPlusOneJSON `json:"nPlusOne"`

	// From the VMs on its hosts (templates left out): vCPUs and configured
	// memory of the powered-on ones.
	VMs            int   `json:"vms"`
	VMsPoweredOn   int   `json:"vmsPoweredOn"`
	VCPUs          int64 `json:"vcpus"`
	MemAllocatedMB int64 `json:"memAllocatedMB"`

	// Its resource pools, the root first, each before its children (pools.go).
	Pools []poolJSON `json:"pools"`
}

func snapshotCluster(c *simulator.ClusterComputeResource, vms []*simulator.VirtualMachine) clusterJSON {
	j := clusterJSON{Hosts: []string{}, Pools: []poolJSON{}}
	var hosts []types.ManagedObjectReference
	var root *types.ManagedObjectReference
	withLock(c, func() {
		j.Moid, j.Name = c.Self.Value, c.Name
		root = c.ResourcePool
		hosts = append(hosts, c.Host...)
		if s := c.Summary.GetComputeResourceSummary(); s != nil {
			j.NumCPUCores, j.NumCPUThreads = s.NumCpuCores, s.NumCpuThreads
			j.EffectiveCPUMhz, j.EffectiveMemoryMB = s.EffectiveCpu, s.EffectiveMemory
			j.TotalCPUMhz, j.TotalMemoryBytes = s.TotalCpu, s.TotalMemory
			j.NumHosts, j.NumEffectiveHosts = s.NumHosts, s.NumEffectiveHosts
		}
		j.HAEnabled = isTrue(c.Configuration.DasConfig.Enabled)
		j.DRSEnabled = isTrue(c.Configuration.DrsConfig.Enabled)
		j.DRSBehavior = string(c.Configuration.DrsConfig.DefaultVmBehavior)
	})

	if root != nil {
		j.Pools = snapshotPools(*root, "", j.Pools)
	}

	member := map[types.ManagedObjectReference]bool{}
	for _, r := range hosts {
		member[r] = true
		j.Hosts = append(j.Hosts, r.Value)
		h, ok := simulator.Map.Get(r).(*simulator.HostSystem)
		if !ok {
			continue
		}
		withLock(h, func() {
			j.PhysicalMemoryBytes += h.Summary.Hardware.MemorySize
			if h.Runtime.InMaintenanceMode {
				j.HostsInMaintenance++
			}
			if h.Runtime.ConnectionState != types.HostSystemConnectionStateConnected {
				return
			}
			j.HostsConnected++
			j.CPUUsageMhz += int64(h.Summary.QuickStats.OverallCpuUsage)
			j.MemUsageMB += int64(h.Summary.QuickStats.OverallMemoryUsage)
			if h.Runtime.InMaintenanceMode {
				return
			}
			hw := h.Summary.Hardware
			cpu := int64(hw.NumCpuCores) * int64(hw.CpuMhz)
			j.CountedHostsCPUMhz += cpu
			j.CountedHostsMemoryBytes += hw.MemorySize
			if cpu > j.LargestHostCPUMhz {
				j.LargestHostCPUMhz = cpu
			}
			if hw.MemorySize > j.LargestHostMemoryBytes {
				j.LargestHostMemoryBytes = hw.MemorySize
			}
		})
	}
	j.NPlusOne = nPlusOneOf(j)

	for _, vm := range vms {
		f := factsOf(vm)
		if f.template || !member[f.host] {
			continue
		}
		j.VMs++
		if f.power == types.VirtualMachinePowerStatePoweredOn {
			j.VMsPoweredOn++
			j.VCPUs += int64(f.numCPU)
			j.MemAllocatedMB += int64(f.memoryMB)
		}
	}
	return j
}

func isTrue(b *bool) bool { return b != nil && *b }
