package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// decorateInventory turns govmomi's uniform inventory into a varied one, so the
// dashboard has something to show and tests have edge cases to check. Everything
// is derived from name order, so the same flags always give the same inventory.
//
// Per datacenter (hosts, VMs and datastores each in name order):
//   - hosts cycle through four hardware profiles; every host has vmnic0..vmnic3,
//     host i has vmnic1 down if i%3==1 and vmnic3 down if i%4==3;
//   - with 4+ hosts the last host is in maintenance mode (its VMs powered off);
//   - with 6+ hosts the second to last host is disconnected;
//   - VMs vary in size, guest OS, power state, tools status and FT state (vms.go);
//   - with 3+ VMs the last VM is a template;
//   - clusters vary in HA, DRS and DRS automation level (clusters.go);
//   - each cluster has a tree of resource pools that hold its VMs (pools.go);
//   - datastores get consistent capacity figures; the third is inaccessible, the
//     fourth in maintenance mode (datastores.go);
//   - the health checks' cases: duplicate identities, ISOs, CPU ready, ESXi
//     builds (healthmodel.go).
func decorateInventory() {
	for dcIndex, dc := range datacenters() {
		hosts := hostsOf(dc)
		vms := vmsOf(dc)

		for i, h := range hosts {
			applyHostProfile(h, i)
		}
		var maintenance, disconnected *simulator.HostSystem
		if len(hosts) >= 4 {
			maintenance = hosts[len(hosts)-1]
		}
		if len(hosts) >= 6 {
			disconnected = hosts[len(hosts)-2]
		}

		for i, vm := range vms {
			p := profileFor(dcIndex, i)
			template := len(vms) >= 3 && i == len(vms)-1
			if template || (maintenance != nil && factsOf(vm).host == maintenance.Self) {
				p.power = types.VirtualMachinePowerStatePoweredOff
				p.ftRunning = false
			}
			applyVMProfile(vm, p)
			if template {
				markTemplate(vm)
			}
		}

		if maintenance != nil {
			update(maintenance, set("runtime.inMaintenanceMode", true))
		}
		if disconnected != nil {
			disconnectHost(disconnected)
		}

		seen := make(map[types.ManagedObjectReference]bool)
		for _, h := range hosts {
			refreshHostStats(h)
			if cr := computeResourceOf(h); cr != nil && !seen[cr.obj.Reference()] {
				seen[cr.obj.Reference()] = true
				refreshComputeResourceSummary(cr)
			}
		}
		for j, c := range clustersOf(dc) {
			applyClusterProfile(c, j)
			applyPoolProfile(c, j)
		}
		refreshPoolStats(dc)
		for j, ds := range datastoresOf(dc) {
			applyDatastoreProfile(ds, j)
		}
	}
	decorateHealth()
}

// markTemplate does what MarkAsTemplate does, and also takes the VM out of its
// resource pool's VM list (govmomi forgets that; vCenter templates have no pool).
func markTemplate(vm *simulator.VirtualMachine) {
	var pool *types.ManagedObjectReference
	withLock(vm, func() { pool = vm.ResourcePool })
	update(vm,
		set("config.template", true),
		set("summary.config.template", true),
		set("resourcePool", nil))
	if pool == nil {
		return
	}
	if rp, ok := simulator.Map.Get(*pool).(*simulator.ResourcePool); ok {
		removeRef(rp, "vm", &rp.Vm, vm.Self)
	}
}
