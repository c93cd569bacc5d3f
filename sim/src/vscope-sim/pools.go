package main

import (
	"log"
	"sort"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// Resource pools. govmomi gives every cluster one root pool ("Resources") holding
// all its VMs. Clusters get a small tree instead, so that pools differ in
// reservation, limit, shares and expandable reservation, and hold VMs:
//
//	Resources
//	├── Production      CPU reserved, high shares, not expandable; memory reserved
//	│   └── Databases   custom CPU shares and a CPU limit; memory reserved and limited
//	└── Test            low shares, CPU and memory limits
//
// The figures grow with the cluster's index (name order), so clusters differ too.
// A cluster's VMs are spread over the four pools in name order (k%4: the root,
// Production, Databases, Test). Each pool's quickStats are the sums over the
// powered-on VMs in it and in its descendants, as vCenter reports them; they are
// computed after the VMs' profiles (decorate.go).

type poolPlan struct {
	name   string
	parent int // index in the plan; -1: the root pool
	cpu    func(j int64) types.ResourceAllocationInfo
	mem    func(j int64) types.ResourceAllocationInfo
}

func allocation(reservation, limit int64, expandable bool, level types.SharesLevel, shares int32) types.ResourceAllocationInfo {
	return types.ResourceAllocationInfo{
		Reservation: &reservation, Limit: &limit, ExpandableReservation: &expandable,
		Shares: &types.SharesInfo{Level: level, Shares: shares},
	}
}

var poolPlans = []poolPlan{
	{"Production", -1,
		func(j int64) types.ResourceAllocationInfo {
			return allocation(4000*(j+1), -1, false, types.SharesLevelHigh, 8000)
		},
		func(j int64) types.ResourceAllocationInfo {
			return allocation(16384*(j+1), -1, true, types.SharesLevelHigh, 327680)
		}},
	{"Databases", 0,
		func(j int64) types.ResourceAllocationInfo {
			return allocation(0, 20000+1000*j, true, types.SharesLevelCustom, 3000+int32(j)*500)
		},
		func(j int64) types.ResourceAllocationInfo {
			return allocation(32768, 65536*(j+1), false, types.SharesLevelNormal, 163840)
		}},
	{"Test", -1,
		func(j int64) types.ResourceAllocationInfo {
			return allocation(0, 8000, true, types.SharesLevelLow, 2000)
		},
		func(j int64) types.ResourceAllocationInfo {
			return allocation(0, 16384, true, types.SharesLevelLow, 81920)
		}},
}

// applyPoolProfile builds the j-th cluster's pool tree and moves its VMs into it.
func applyPoolProfile(c *simulator.ClusterComputeResource, j int) {
	var rootRef *types.ManagedObjectReference
	withLock(c, func() { rootRef = c.ResourcePool })
	if rootRef == nil {
		return
	}
	root, ok := simulator.Map.Get(*rootRef).(*simulator.ResourcePool)
	if !ok {
		return
	}
	pools := []*simulator.ResourcePool{}
	for _, p := range poolPlans {
		parent := root
		if p.parent >= 0 {
			parent = pools[p.parent]
		}
		spec := types.ResourceConfigSpec{CpuAllocation: p.cpu(int64(j)), MemoryAllocation: p.mem(int64(j))}
		var res interface{}
		withLock(parent, func() {
			res = parent.CreateResourcePool(&types.CreateResourcePool{This: parent.Self, Name: p.name, Spec: spec})
		})
		body := res.(*methods.CreateResourcePoolBody)
		if body.Fault_ != nil || body.Res == nil {
			log.Printf("creating pool %s: %v", p.name, body.Fault_)
			return
		}
		pools = append(pools, simulator.Map.Get(body.Res.Returnval).(*simulator.ResourcePool))
	}

	var vmRefs []types.ManagedObjectReference
	withLock(root, func() { vmRefs = append(vmRefs, root.Vm...) })
	vms := make([]*simulator.VirtualMachine, 0, len(vmRefs))
	for _, r := range vmRefs {
		if vm, ok := simulator.Map.Get(r).(*simulator.VirtualMachine); ok {
			vms = append(vms, vm)
		}
	}
	sort.Slice(vms, func(a, b int) bool { return vms[a].Name < vms[b].Name })
	for k, vm := range vms {
		if k%4 == 0 {
			continue
		}
		to := pools[k%4-1]
		removeRef(root, "vm", &root.Vm, vm.Self)
		addRef(to, "vm", &to.Vm, vm.Self)
		update(vm, set("resourcePool", to.Self))
	}
}

// refreshPoolStats sets every pool's quickStats from the VMs below it.
func refreshPoolStats(dc *simulator.Datacenter) {
	for _, c := range clustersOf(dc) {
		var root *types.ManagedObjectReference
		withLock(c, func() { root = c.ResourcePool })
		if root != nil {
			poolStats(*root)
		}
	}
}

func poolStats(r types.ManagedObjectReference) types.ResourcePoolQuickStats {
	var qs types.ResourcePoolQuickStats
	p, ok := simulator.Map.Get(r).(*simulator.ResourcePool)
	if !ok {
		return qs
	}
	var children, vms []types.ManagedObjectReference
	withLock(p, func() {
		children = append(children, p.ResourcePool.ResourcePool...)
		vms = append(vms, p.Vm...)
	})
	for _, ch := range children {
		s := poolStats(ch)
		qs.OverallCpuUsage += s.OverallCpuUsage
		qs.HostMemoryUsage += s.HostMemoryUsage
		qs.GuestMemoryUsage += s.GuestMemoryUsage
	}
	for _, v := range vms {
		vm, ok := simulator.Map.Get(v).(*simulator.VirtualMachine)
		if !ok {
			continue
		}
		withLock(vm, func() {
			if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
				return
			}
			qs.OverallCpuUsage += int64(vm.Summary.QuickStats.OverallCpuUsage)
			qs.HostMemoryUsage += int64(vm.Summary.QuickStats.HostMemoryUsage)
			qs.GuestMemoryUsage += int64(vm.Summary.QuickStats.GuestMemoryUsage)
		})
	}
	var summary types.BaseResourcePoolSummary
	withLock(p, func() {
		s := types.ResourcePoolSummary{Name: p.Name, Config: p.Config}
		if p.Summary != nil {
			s = *p.Summary.GetResourcePoolSummary()
		}
		copied := qs
		s.QuickStats = &copied
		summary = &s
	})
	update(p, set("summary", summary))
	return qs
}

// poolJSON is a pool in the model: its configuration as vSphere holds it (CPU in
// MHz, memory in MB, limit -1 for none), its quickStats, and its own VMs.
type poolJSON struct {
	Moid        string         `json:"moid"`
	Name        string         `json:"name"`
	Parent      string         `json:"parent"` // "" for the cluster's root pool
	CPU         allocationJSON `json:"cpu"`
	Memory      allocationJSON `json:"memory"`
	CPUUsageMhz int64          `json:"overallCpuUsageMhz"`
	HostMemMB   int64          `json:"hostMemoryUsageMB"`
	GuestMemMB  int64          `json:"guestMemoryUsageMB"`
	VMs         []string       `json:"vms"`     // moids, templates left out; ?user=: those the user sees
	VMCount     int            `json:"vmCount"` // all of them, whoever asks
}

// visiblePools keeps the pools a user sees, and in each the VMs they see.
func visiblePools(pools []poolJSON, s scope) []poolJSON {
	out := []poolJSON{}
	for _, p := range pools {
		if !s.sees(ref("ResourcePool", p.Moid)) {
			continue
		}
		vms := []string{}
		for _, v := range p.VMs {
			if s.sees(ref("VirtualMachine", v)) {
				vms = append(vms, v)
			}
		}
		p.VMs = vms
		out = append(out, p)
	}
	return out
}

type allocationJSON struct {
	Reservation           int64  `json:"reservation"`
	Limit                 int64  `json:"limit"`
	ExpandableReservation bool   `json:"expandableReservation"`
	SharesLevel           string `json:"sharesLevel"`
	Shares                int32  `json:"shares"`
}

func allocationOf(a types.ResourceAllocationInfo) allocationJSON {
	j := allocationJSON{Limit: -1}
	if a.Reservation != nil {
		j.Reservation = *a.Reservation
	}
	if a.Limit != nil {
		j.Limit = *a.Limit
	}
	j.ExpandableReservation = isTrue(a.ExpandableReservation)
	if a.Shares != nil {
		j.SharesLevel, j.Shares = string(a.Shares.Level), a.Shares.Shares
	}
	return j
}

// snapshotPools lists a cluster's pools, the root first, each before its children.
func snapshotPools(root types.ManagedObjectReference, parent string, out []poolJSON) []poolJSON {
	p, ok := simulator.Map.Get(root).(*simulator.ResourcePool)
	if !ok {
		return out
	}
	j := poolJSON{Parent: parent, VMs: []string{}}
	var children []types.ManagedObjectReference
	withLock(p, func() {
		j.Moid, j.Name = p.Self.Value, p.Name
		j.CPU, j.Memory = allocationOf(p.Config.CpuAllocation), allocationOf(p.Config.MemoryAllocation)
		if p.Summary != nil {
			if qs := p.Summary.GetResourcePoolSummary().QuickStats; qs != nil {
				j.CPUUsageMhz, j.HostMemMB, j.GuestMemMB = qs.OverallCpuUsage, qs.HostMemoryUsage, qs.GuestMemoryUsage
			}
		}
		children = append(children, p.ResourcePool.ResourcePool...)
		for _, v := range p.Vm {
			j.VMs = append(j.VMs, v.Value)
		}
	})
	kept := []string{}
	for _, v := range j.VMs {
		if vm, ok := simulator.Map.Get(ref("VirtualMachine", v)).(*simulator.VirtualMachine); ok && !factsOf(vm).template {
			kept = append(kept, v)
		}
	}
	j.VMs, j.VMCount = kept, len(kept)
	out = append(out, j)
	for _, ch := range children {
		out = snapshotPools(ch, j.Moid, out)
	}
	return out
}
