package main

import (
	"fmt"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// govmomi clones every host from one small ESXi template (2 cores, 4 GB, two
// 10 GbE NICs, constant quick stats). Hosts get one of these profiles instead.
type hostProfile struct {
	vendor   string
	cpuModel string
	packages int16
	cores    int16
	threads  int16
	mhz      int32
	memGiB   int64
}

var hostProfiles = []hostProfile{
	{"intel", "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", 2, 48, 96, 3000, 768},
	{"intel", "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz", 2, 24, 48, 2200, 384},
	{"amd", "AMD EPYC 7543 32-Core Processor", 2, 64, 128, 2800, 1024},
	{"intel", "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", 2, 32, 64, 2100, 512},
}

// applyHostProfile sets the hardware and physical NICs of the i-th host (in name
// order within its datacenter).
func applyHostProfile(h *simulator.HostSystem, i int) {
	p := hostProfiles[i%len(hostProfiles)]
	var name string
	withLock(h, func() { name = h.Name })

	pkgs := make([]types.HostCpuPackage, p.packages)
	for n := range pkgs {
		pkgs[n] = types.HostCpuPackage{
			Index: int16(n), Vendor: p.vendor, Hz: int64(p.mhz) * 1e6, Description: p.cpuModel,
		}
	}
	pnics := physicalNICs(name, i)

	update(h,
		set("hardware.cpuInfo", types.HostCpuInfo{
			NumCpuPackages: p.packages, NumCpuCores: p.cores, NumCpuThreads: p.threads, Hz: int64(p.mhz) * 1e6,
		}),
		set("hardware.cpuPkg", pkgs),
		set("hardware.memorySize", p.memGiB<<30),
		set("summary.hardware.cpuModel", p.cpuModel),
		set("summary.hardware.cpuMhz", p.mhz),
		set("summary.hardware.numCpuPkgs", p.packages),
		set("summary.hardware.numCpuCores", p.cores),
		set("summary.hardware.numCpuThreads", p.threads),
		set("summary.hardware.memorySize", p.memGiB<<30),
		set("summary.hardware.numNics", int32(len(pnics))),
		set("config.network.pnic", pnics),
		// The template's host cache sits on a datastore that does not exist.
		set("config.cacheConfigurationInfo", nil),
	)
}

// physicalNICs gives every host vmnic0..vmnic3 (2×10 GbE, 2×25 GbE); some hosts
// have a link down, which vSphere reports as an unset linkSpeed.
func physicalNICs(hostName string, i int) []types.PhysicalNic {
	s := seed(hostName)
	nics := make([]types.PhysicalNic, 4)
	for n := range nics {
		speed := int32(10000)
		driver := "ixgben"
		if n >= 2 {
			speed, driver = 25000, "i40en"
		}
		link := &types.PhysicalNicLinkInfo{SpeedMb: speed, Duplex: true}
		if (n == 1 && i%3 == 1) || (n == 3 && i%4 == 3) {
			link = nil
		}
		mac := fmt.Sprintf("00:50:56:%02x:%02x:%02x", byte(s>>16), byte(s>>8), byte(s)+byte(n))
		nics[n] = types.PhysicalNic{
			Key:                    fmt.Sprintf("key-vim.host.PhysicalNic-vmnic%d", n),
			Device:                 fmt.Sprintf("vmnic%d", n),
			Pci:                    fmt.Sprintf("0000:%02x:00.%d", 0x18+n/2, n%2),
			Driver:                 driver,
			LinkSpeed:              link,
			ValidLinkSpecification: []types.PhysicalNicLinkInfo{{SpeedMb: speed, Duplex: true}},
			Spec:                   types.PhysicalNicSpec{Ip: &types.HostIpConfig{}},
			Mac:                    mac,
			AutoNegotiateSupported: types.NewBool(true),
		}
	}
	return nics
}

// disconnectHost makes a host look like vCenter lost it: power state unknown,
// no statistics, its VMs disconnected.
func disconnectHost(h *simulator.HostSystem) {
	update(h,
		set("runtime.connectionState", types.HostSystemConnectionStateDisconnected),
		set("runtime.powerState", types.HostSystemPowerStateUnknown),
		set("overallStatus", types.ManagedEntityStatusGray),
		set("summary.overallStatus", types.ManagedEntityStatusGray))
	for _, vm := range vmsOnHost(h) {
		update(vm,
			set("runtime.connectionState", types.VirtualMachineConnectionStateDisconnected),
			set("summary.runtime.connectionState", types.VirtualMachineConnectionStateDisconnected),
			set("overallStatus", types.ManagedEntityStatusGray),
			set("summary.overallStatus", types.ManagedEntityStatusGray))
	}
}

func vmsOnHost(h *simulator.HostSystem) []*simulator.VirtualMachine {
	var refs []types.ManagedObjectReference
	withLock(h, func() { refs = append(refs, h.Vm...) })
	var vms []*simulator.VirtualMachine
	for _, r := range refs {
		if vm, ok := simulator.Map.Get(r).(*simulator.VirtualMachine); ok {
			vms = append(vms, vm)
		}
	}
	return vms
}

// refreshHostStats derives the host's quick stats from its hardware and the VMs
// running on it, with a stable per-host baseline so hosts differ.
func refreshHostStats(h *simulator.HostSystem) {
	var name string
	var state types.HostSystemConnectionState
	var cores int16
	var mhz int32
	var memBytes int64
	withLock(h, func() {
		name, state = h.Name, h.Runtime.ConnectionState
		cores, mhz = h.Summary.Hardware.NumCpuCores, h.Summary.Hardware.CpuMhz
		memBytes = h.Summary.Hardware.MemorySize
	})

	var cpu, mem int32
	if state == types.HostSystemConnectionStateConnected {
		s := seed(name)
		totalMhz := int64(cores) * int64(mhz)
		totalMB := memBytes >> 20
		cpuUse := totalMhz * int64(3+s%20) / 100
		memUse := totalMB * int64(8+(s>>8)%25) / 100
		for _, vm := range vmsOnHost(h) {
			f := factsOf(vm)
			if f.power == types.VirtualMachinePowerStatePoweredOn {
				cpuUse += int64(f.numCPU) * int64(250+(s>>16)%400)
				memUse += int64(f.memoryMB) * int64(55+(s>>4)%35) / 100
			}
		}
		cpu = int32(min64(cpuUse, totalMhz*97/100))
		mem = int32(min64(memUse, totalMB*97/100))
		if l, ok := pinnedLoad(h); ok { // clusterload.go
			cpu, mem = int32(totalMhz*l.cpu/100), int32(totalMB*l.mem/100)
		}
	}

	update(h,
		set("summary.quickStats.overallCpuUsage", cpu),
		set("summary.quickStats.overallMemoryUsage", mem),
		set("summary.quickStats.uptime", int32(86400*(3+seed(name)%200))))
}

// refreshComputeResourceSummary recomputes the capacity totals of a cluster or
// standalone host from its hosts (govmomi's totals describe the template host).
func refreshComputeResourceSummary(cr *computeResource) {
	var sum types.ComputeResourceSummary
	if cr.summary != nil {
		sum = *cr.summary
	}
	sum.TotalCpu, sum.TotalMemory, sum.NumCpuCores, sum.NumCpuThreads = 0, 0, 0, 0
	sum.EffectiveCpu, sum.EffectiveMemory, sum.NumHosts, sum.NumEffectiveHosts = 0, 0, 0, 0
	overhead := overheadOf(cr) // effective.go

	for _, r := range cr.hosts {
		h, ok := simulator.Map.Get(r).(*simulator.HostSystem)
		if !ok {
			continue
		}
		withLock(h, func() {
			hw := h.Summary.Hardware
			cpu := int32(hw.NumCpuCores) * hw.CpuMhz
			sum.TotalCpu += cpu
			sum.TotalMemory += hw.MemorySize
			sum.NumCpuCores += hw.NumCpuCores
			sum.NumCpuThreads += hw.NumCpuThreads
			sum.NumHosts++
			if h.Runtime.ConnectionState == types.HostSystemConnectionStateConnected && !h.Runtime.InMaintenanceMode {
				sum.EffectiveCpu += overhead.effectiveCpuMhz(cpu)
				sum.EffectiveMemory += overhead.effectiveMemoryMB(hw.MemorySize) // the API reports this one in MB
				sum.NumEffectiveHosts++
			}
		})
	}

	var val types.BaseComputeResourceSummary = &sum
	withLock(cr.obj, func() {
		if c, ok := cr.obj.(*simulator.ClusterComputeResource); ok {
			if cs, ok := c.Summary.(*types.ClusterComputeResourceSummary); ok {
				copied := *cs
				copied.ComputeResourceSummary = sum
				val = &copied
			}
		}
	})
	// The whole summary changes the object; the same values by leaf path reach
	// the PropertyCollector filters that ask for leaf paths (as vscope does):
	// govmomi matches a change only to its own path and the paths below it, and
	// cannot apply a leaf path below an interface-typed property itself.
	update(cr.obj, set("summary", val),
		set("summary.numCpuCores", sum.NumCpuCores),
		set("summary.numCpuThreads", sum.NumCpuThreads),
		set("summary.effectiveCpu", sum.EffectiveCpu),
		set("summary.effectiveMemory", sum.EffectiveMemory),
		set("summary.totalCpu", sum.TotalCpu),
		set("summary.totalMemory", sum.TotalMemory),
		set("summary.numHosts", sum.NumHosts),
		set("summary.numEffectiveHosts", sum.NumEffectiveHosts))
}

// setMaintenanceFlag publishes the maintenance state and its consequences.
func setMaintenanceFlag(h *simulator.HostSystem, on bool) {
	update(h, set("runtime.inMaintenanceMode", on))
	if cr := computeResourceOf(h); cr != nil {
		refreshComputeResourceSummary(cr)
	}
}

func min64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}
