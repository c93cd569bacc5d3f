package main

import (
	"fmt"
	"hash/fnv"
	"sort"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Small helpers around govmomi's registry (simulator.Map). Objects are locked
// while read or changed, as govmomi's own methods do.

// simLock serializes everything that touches the inventory: SOAP calls (except
// the long-polling WaitForUpdates*), control-API changes and model snapshots.
// govmomi 0.24's simulator is not safe for concurrent use on its own: the
// PropertyCollector and ViewManager read objects without their locks, and
// responses are encoded after the locks are released, so a concurrent change
// can tear a value that is being written out (Go's race detector shows it).
// What remains unguarded is a WaitForUpdates* call reading the objects it
// reports on when it wakes up.
var simLock sync.Mutex

// set is a property change for update.
func set(name string, val interface{}) types.PropertyChange {
	return types.PropertyChange{Name: name, Op: types.PropertyChangeOpAssign, Val: val}
}

// update changes registry objects through Map.Update, so that PropertyCollector
// filters (WaitForUpdatesEx) see the change like any other.
func update(obj mo.Reference, changes ...types.PropertyChange) {
	simulator.Map.WithLock(obj, func() { simulator.Map.Update(obj, changes) })
}

func withLock(obj mo.Reference, f func()) { simulator.Map.WithLock(obj, f) }

func ref(kind, moid string) types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: kind, Value: moid}
}

func lookupVM(moid string) (*simulator.VirtualMachine, error) {
	if vm, ok := simulator.Map.Get(ref("VirtualMachine", moid)).(*simulator.VirtualMachine); ok {
		return vm, nil
	}
	return nil, fmt.Errorf("no VM %q", moid)
}

func lookupHost(moid string) (*simulator.HostSystem, error) {
	if h, ok := simulator.Map.Get(ref("HostSystem", moid)).(*simulator.HostSystem); ok {
		return h, nil
	}
	return nil, fmt.Errorf("no host %q", moid)
}

// datacenterOf walks up the parents of an inventory object.
func datacenterOf(e mo.Entity) *simulator.Datacenter {
	for e != nil {
		var parent *types.ManagedObjectReference
		withLock(e, func() { parent = e.Entity().Parent })
		if parent == nil {
			return nil
		}
		obj := simulator.Map.Get(*parent)
		if dc, ok := obj.(*simulator.Datacenter); ok {
			return dc
		}
		e, _ = obj.(mo.Entity)
	}
	return nil
}

// computeResource describes the (cluster or standalone) compute resource of a host.
type computeResource struct {
	obj       mo.Reference
	name      string
	isCluster bool
	pool      types.ManagedObjectReference // root resource pool
	hosts     []types.ManagedObjectReference
	summary   *types.ComputeResourceSummary
}

func computeResourceOf(h *simulator.HostSystem) *computeResource {
	var parent types.ManagedObjectReference
	withLock(h, func() { parent = *h.Parent })

	switch cr := simulator.Map.Get(parent).(type) {
	case *simulator.ClusterComputeResource:
		res := &computeResource{obj: cr, isCluster: true}
		withLock(cr, func() {
			res.name, res.pool = cr.Name, *cr.ResourcePool
			res.hosts = append(res.hosts, cr.Host...)
			res.summary = cr.Summary.GetComputeResourceSummary()
		})
		return res
	case *mo.ComputeResource:
		res := &computeResource{obj: cr}
		withLock(cr, func() {
			res.name, res.pool = cr.Name, *cr.ResourcePool
			res.hosts = append(res.hosts, cr.Host...)
			res.summary = cr.Summary.GetComputeResourceSummary()
		})
		return res
	}
	return nil
}

// entitiesUnder collects the objects of the given type below a folder, in name order.
func entitiesUnder(folder types.ManagedObjectReference, kind string) []mo.Entity {
	var out []mo.Entity
	seen := make(map[types.ManagedObjectReference]bool)
	var walk func(types.ManagedObjectReference)
	walk = func(r types.ManagedObjectReference) {
		obj := simulator.Map.Get(r)
		if obj == nil || seen[r] {
			return
		}
		seen[r] = true
		if r.Type == kind {
			out = append(out, obj.(mo.Entity))
			return
		}
		var children []types.ManagedObjectReference
		withLock(obj, func() {
			switch o := obj.(type) {
			case *simulator.Folder:
				children = append(children, o.ChildEntity...)
			case *simulator.StoragePod:
				children = append(children, o.ChildEntity...)
			case *simulator.ClusterComputeResource:
				children = append(children, o.Host...)
			case *mo.ComputeResource:
				children = append(children, o.Host...)
			case *simulator.VirtualApp:
				children = append(children, o.Vm...)
			}
		})
		for _, c := range children {
			walk(c)
		}
	}
	walk(folder)

	sort.Slice(out, func(i, j int) bool { return entityName(out[i]) < entityName(out[j]) })
	return out
}

func entityName(e mo.Entity) string {
	var name string
	withLock(e, func() { name = e.Entity().Name })
	return name
}

func datacenters() []*simulator.Datacenter {
	var dcs []*simulator.Datacenter
	for _, e := range simulator.Map.All("Datacenter") {
		dcs = append(dcs, e.(*simulator.Datacenter))
	}
	sort.Slice(dcs, func(i, j int) bool { return dcs[i].Name < dcs[j].Name })
	return dcs
}

// seed derives stable pseudo-random numbers from a name, so generated metrics do
// not depend on creation order or on how often they are recomputed.
func seed(name string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return h.Sum32()
}

// removeRef and addRef edit a reference list property (e.g. HostSystem.vm)
// through Map.Update, so PropertyCollector watchers see the change.
func removeRef(obj mo.Reference, prop string, list *[]types.ManagedObjectReference, r types.ManagedObjectReference) {
	withLock(obj, func() {
		out := make([]types.ManagedObjectReference, 0, len(*list))
		for _, x := range *list {
			if x != r {
				out = append(out, x)
			}
		}
		simulator.Map.Update(obj, []types.PropertyChange{set(prop, out)})
	})
}

func addRef(obj mo.Reference, prop string, list *[]types.ManagedObjectReference, r types.ManagedObjectReference) {
	withLock(obj, func() {
		if simulator.FindReference(*list, r) != nil {
			return
		}
		out := append(append(make([]types.ManagedObjectReference, 0, len(*list)+1), *list...), r)
		simulator.Map.Update(obj, []types.PropertyChange{set(prop, out)})
	})
}

func hostsOf(dc *simulator.Datacenter) []*simulator.HostSystem {
	var hosts []*simulator.HostSystem
	for _, e := range entitiesUnder(dc.HostFolder, "HostSystem") {
		hosts = append(hosts, e.(*simulator.HostSystem))
	}
	return hosts
}

func vmsOf(dc *simulator.Datacenter) []*simulator.VirtualMachine {
	var vms []*simulator.VirtualMachine
	for _, e := range entitiesUnder(dc.VmFolder, "VirtualMachine") {
		vms = append(vms, e.(*simulator.VirtualMachine))
	}
	return vms
}

func datastoresOf(dc *simulator.Datacenter) []*simulator.Datastore {
	var dss []*simulator.Datastore
	for _, e := range entitiesUnder(dc.DatastoreFolder, "Datastore") {
		dss = append(dss, e.(*simulator.Datastore))
	}
	return dss
}
