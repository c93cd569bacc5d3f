package main

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// fixDatastores repairs three oddities of govmomi 0.24's Model datastores:
//   - the moid is the backing temp directory ("/tmp/govcsim-DC0-LocalDS_0-123@folder-5"),
//     unlike anything vCenter produces and unusable in a URL path segment;
//   - the datastore is created once per host and each creation replaces the object,
//     so only the last host is listed as mounting it;
//   - the datastore folder lists it once per host.
//
// The moids become "datastore-N" by rewriting every reference to them in every
// object reachable from the inventory. It runs before the server starts, so no
// client can hold an old moid. keepPaths leaves the moids as govmomi makes them:
// vCenter's ids are opaque, and a client must take one with a "/" too.
func fixDatastores(keepPaths bool) error {
	var dss []*simulator.Datastore // in inventory order, so the numbering is reproducible
	for _, dc := range datacenters() {
		dss = append(dss, datastoresOf(dc)...)
	}

	next := highestMoidNumber() + 1
	renames := make(map[types.ManagedObjectReference]types.ManagedObjectReference)
	for _, ds := range dss {
		if keepPaths {
			break
		}
		renames[ds.Self] = ref("Datastore", "datastore-"+strconv.Itoa(next))
		next++
	}

	// The walk finds objects through references, so old keys must stay
	// resolvable until it is done.
	roots := []mo.Reference{simulator.Map.Get(vim25.ServiceInstance)}
	for _, e := range simulator.Map.All("") {
		roots = append(roots, e)
	}
	w := newRefWalker(renames)
	w.run(roots)

	for old := range renames {
		simulator.Map.Remove(old)
	}
	for _, ds := range dss {
		simulator.Map.Put(ds)
	}

	// Some of govmomi's ESXi template data refers to datastores that never
	// existed; only leftovers of the old names would be our fault.
	for _, r := range newRefWalker(nil).run(roots) {
		if _, old := renames[r]; old {
			return fmt.Errorf("reference to %s survived the renaming", r)
		}
	}

	for _, ds := range dss {
		update(ds, set("host", mountsOf(ds.Self, true)))
	}
	for _, e := range simulator.Map.All("Folder") {
		f := e.(*simulator.Folder)
		update(f, set("childEntity", uniqueRefs(f.ChildEntity)))
	}
	return nil
}

// highestMoidNumber finds the largest N of any "type-N" moid, so new moids look
// like the rest of the inventory without colliding with it.
func highestMoidNumber() int {
	max := 0
	for _, e := range simulator.Map.All("") {
		v := e.Entity().Self.Value
		if i := strings.LastIndexByte(v, '-'); i >= 0 {
			if n, err := strconv.Atoi(v[i+1:]); err == nil && n > max {
				max = n
			}
		}
	}
	return max
}

// mountsOf lists every host that has the datastore, in name order.
func mountsOf(ds types.ManagedObjectReference, accessible bool) []types.DatastoreHostMount {
	var hosts []*simulator.HostSystem
	for _, e := range simulator.Map.All("HostSystem") {
		h := e.(*simulator.HostSystem)
		var has bool
		withLock(h, func() { has = simulator.FindReference(h.Datastore, ds) != nil })
		if has {
			hosts = append(hosts, h)
		}
	}
	sort.Slice(hosts, func(i, j int) bool { return hosts[i].Name < hosts[j].Name })

	mounts := make([]types.DatastoreHostMount, len(hosts))
	for i, h := range hosts {
		mounts[i] = types.DatastoreHostMount{
			Key: h.Self,
			MountInfo: types.HostMountInfo{
				AccessMode: string(types.HostMountModeReadWrite),
				Mounted:    types.NewBool(true),
				Accessible: types.NewBool(accessible),
			},
		}
	}
	return mounts
}

func uniqueRefs(refs []types.ManagedObjectReference) []types.ManagedObjectReference {
	seen := make(map[types.ManagedObjectReference]bool, len(refs))
	out := make([]types.ManagedObjectReference, 0, len(refs))
	for _, r := range refs {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

var moRefType = reflect.TypeOf(types.ManagedObjectReference{})

// refWalker visits every ManagedObjectReference in the exported fields of the
// objects it reaches, following references to further registry objects. With
// renames it replaces references in place; it returns Datastore references that
// do not resolve.
type refWalker struct {
	renames  map[types.ManagedObjectReference]types.ManagedObjectReference
	targets  map[types.ManagedObjectReference]bool // new names, not registered until the walk ends
	queue    []mo.Reference
	queued   map[types.ManagedObjectReference]bool
	seen     map[visitKey]bool
	dangling []types.ManagedObjectReference
	changed  int
}

type visitKey struct {
	ptr uintptr
	typ reflect.Type
}

func newRefWalker(renames map[types.ManagedObjectReference]types.ManagedObjectReference) *refWalker {
	targets := make(map[types.ManagedObjectReference]bool, len(renames))
	for _, n := range renames {
		targets[n] = true
	}
	return &refWalker{
		renames: renames,
		targets: targets,
		queued:  make(map[types.ManagedObjectReference]bool),
		seen:    make(map[visitKey]bool),
	}
}

func (w *refWalker) run(roots []mo.Reference) []types.ManagedObjectReference {
	for _, r := range roots {
		w.enqueue(r.Reference(), r)
	}
	for len(w.queue) > 0 {
		obj := w.queue[0]
		w.queue = w.queue[1:]
		w.walk(reflect.ValueOf(obj))
	}
	return w.dangling
}

func (w *refWalker) enqueue(r types.ManagedObjectReference, obj mo.Reference) {
	if w.queued[r] {
		return
	}
	w.queued[r] = true
	if obj == nil {
		obj = simulator.Map.Get(r)
	}
	if obj == nil {
		if r.Type == "Datastore" {
			w.dangling = append(w.dangling, r)
		}
		return
	}
	w.queue = append(w.queue, obj)
}

func (w *refWalker) walk(v reflect.Value) {
	if !mayHoldRef(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Ptr:
		if v.IsNil() {
			return
		}
		k := visitKey{v.Pointer(), v.Type()}
		if w.seen[k] {
			return
		}
		w.seen[k] = true
		w.walk(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() == reflect.Ptr {
			w.walk(e)
			return
		}
		// A value held by an interface is not addressable: walk a copy and
		// store it back if it changed.
		c := reflect.New(e.Type()).Elem()
		c.Set(e)
		before := w.changed
		w.walk(c)
		if w.changed != before && v.CanSet() {
			v.Set(c)
		}
	case reflect.Struct:
		if v.Type() == moRefType {
			w.visitRef(v)
			return
		}
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if t.Field(i).PkgPath == "" { // exported fields only
				w.walk(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			w.walk(v.Index(i))
		}
	}
}

// refTypes memoizes mayHoldRef; the walk visits millions of values in a big inventory.
var refTypes = map[reflect.Type]bool{}

// mayHoldRef tells whether a value of type t can contain a ManagedObjectReference
// in the parts the walk visits (exported fields, pointers, slices, interfaces).
func mayHoldRef(t reflect.Type) bool {
	if known, ok := refTypes[t]; ok {
		return known
	}
	refTypes[t] = true // while in progress, recursive types count as holding one
	holds := false
	switch t.Kind() {
	case reflect.Interface:
		holds = true
	case reflect.Ptr, reflect.Slice, reflect.Array:
		holds = mayHoldRef(t.Elem())
	case reflect.Struct:
		holds = t == moRefType
		for i := 0; i < t.NumField() && !holds; i++ {
			holds = t.Field(i).PkgPath == "" && mayHoldRef(t.Field(i).Type)
		}
	}
	refTypes[t] = holds
	return holds
}

func (w *refWalker) visitRef(v reflect.Value) {
	r := v.Interface().(types.ManagedObjectReference)
	if r.Value == "" || w.targets[r] { // e.g. Summary.Datastore points at an already renamed Self
		return
	}
	w.enqueue(r, nil)
	if n, ok := w.renames[r]; ok && v.CanSet() {
		v.Set(reflect.ValueOf(n))
		w.changed++
	}
}

// applyDatastoreProfile gives the j-th datastore of a datacenter deterministic
// capacity figures consistent with the VMs stored on it (govmomi reports the
// real free space of the temp directory's file system, which changes between
// runs). A third datastore is inaccessible and a fourth in maintenance mode.
func applyDatastoreProfile(ds *simulator.Datastore, j int) {
	var vmRefs []types.ManagedObjectReference
	withLock(ds, func() { vmRefs = append(vmRefs, ds.Vm...) })

	var committed, uncommitted int64
	for _, r := range vmRefs {
		if vm, ok := simulator.Map.Get(r).(*simulator.VirtualMachine); ok {
			f := factsOf(vm)
			committed += f.committed
			uncommitted += f.uncommit
		}
	}

	const gib = int64(1) << 30
	other := int64(j+1) * 150 * gib // ISOs, templates' leftovers, …
	usedPct := []int64{70, 92, 40, 55}[j%4]
	capacity := (committed + other) * 100 / usedPct
	capacity = (capacity/(64*gib) + 1) * 64 * gib
	if capacity < 512*gib {
		capacity = 512 * gib
	}
	free := capacity - committed - other

	dsType := []string{"VMFS", "NFS", "VMFS", "vsan"}[j%4]
	accessible := j != 2
	maintenance := string(types.DatastoreSummaryMaintenanceModeStateNormal)
	if j == 3 {
		maintenance = string(types.DatastoreSummaryMaintenanceModeStateInMaintenance)
	}
	status := types.ManagedEntityStatusGreen
	switch {
	case !accessible:
		status = types.ManagedEntityStatusRed
	case free*100/capacity < 10:
		status = types.ManagedEntityStatusYellow
	}

	withLock(ds, func() {
		info := ds.Info.GetDatastoreInfo()
		info.FreeSpace, info.MaxFileSize, info.MaxMemoryFileSize = free, free, free
	})
	update(ds,
		set("summary.capacity", capacity),
		set("summary.freeSpace", free),
		set("summary.uncommitted", uncommitted),
		set("summary.type", dsType),
		set("summary.accessible", accessible),
		set("summary.maintenanceMode", maintenance),
		set("overallStatus", status),
		set("host", mountsOf(ds.Self, accessible)),
	)
}
