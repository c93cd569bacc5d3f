package main

import (
	"fmt"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// Snapshots (issue 13). govmomi 0.24's CreateSnapshot_Task makes a .vmsn of size
// 0 and no delta disk, so its layoutEx has nothing to measure. vscope-sim gives
// a reproducible subset of VMs a snapshot tree and the layoutEx vCenter shows
// for it: a delta disk per snapshot taken (a descriptor and its -delta or
// -sesparse extent), a .vmsn per snapshot, a .vmem for a running VM's first
// snapshot, the .vmsd, and each snapshot's frozen disk chain.
//
// Per datacenter, VMs in name order (templates left out), VM i:
//   - has snapshots when i%5 == 1: a chain of 3-(i/5)%3 snapshots (3, 2, 1, 3,
//     …), except that when i%10 == 6 it is a tree: a root with two children,
//     the second taken after a revert to the root (the current one);
//   - needs consolidation (runtime.consolidationNeeded) when i%4 == 2, with or
//     without snapshots.
//
// Past the first ten of each period (VM 50 for snapshots, 40 for consolidation)
// only one in ten of those VMs gets them (see every), so that a large inventory
// has snapshots on a few percent of its VMs, as a real one does, not a fifth.
//
// The root snapshot is 2+(7i)%45 days old, each later one 20 hours younger than
// the one before. The expected figures (GET /vscope/model, "snapshots" of a VM)
// come from the plan as it is carried out: which delta each snapshot froze and
// which one the VM writes to now, not from reading the layoutEx back.

// snapshotSpec is one snapshot to take: its parent's index in the plan (-1 for
// a root), its name and description.
type snapshotSpec struct {
	parent      int
	name        string
	description string
}

// vmSnapshotsJSON is what the model says of a VM's snapshots; nil (left out)
// for a VM without snapshots that needs no consolidation.
type vmSnapshotsJSON struct {
	Count               int              `json:"count"`
	Oldest              *time.Time       `json:"oldest"`
	Bytes               int64            `json:"bytes"`
	Depth               int              `json:"depth"` // the current snapshot's depth: its chain's length
	ConsolidationNeeded bool             `json:"consolidationNeeded"`
	BytesByDatastore    map[string]int64 `json:"bytesByDatastore"` // datastore moid → bytes
	List                []snapshotJSON   `json:"list"`             // in creation order, which is oldest first
}

type snapshotJSON struct {
	Moid        string    `json:"moid"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Created     time.Time `json:"created"`
	SizeBytes   int64     `json:"sizeBytes"`
	Depth       int       `json:"depth"` // 1 for a root
	Current     bool      `json:"current"`
}

// plannedSnapshots holds the expected figures per VM moid; written once at start.
var plannedSnapshots = struct {
	sync.Mutex
	byVM map[string]vmSnapshotsJSON
}{byVM: map[string]vmSnapshotsJSON{}}

// decorateSnapshots applies the plan to every datacenter.
func decorateSnapshots() {
	now := time.Now().UTC().Truncate(time.Second)
	for _, dc := range datacenters() {
		i := 0
		for _, vm := range vmsOf(dc) {
			if factsOf(vm).template {
				continue
			}
			if specs := snapshotPlan(i); len(specs) > 0 {
				takeSnapshots(vm, i, specs, now)
			}
			if every(i, 4, 2) {
				update(vm, set("runtime.consolidationNeeded", true))
			}
			i++
		}
	}
}

// snapshotPlan is the snapshots the i-th VM gets, in the order they are taken.
func snapshotPlan(i int) []snapshotSpec {
	if !every(i, 5, 1) {
		return nil
	}
	names := []snapshotSpec{
		{-1, "Before <b>upgrade</b> & reboot", "Taken by \"ops\" before the OS upgrade"},
		{0, "patch-2024-05", "Monthly patches"},
		{1, "app 3.2 → 3.3", ""},
	}
	if i%10 == 6 {
		return []snapshotSpec{names[0], {0, "test A", "Tried first"}, {0, "test B", "Tried after reverting to the root"}}
	}
	return names[:3-(i/5)%3]
}

// every tells whether the i-th VM is one of those with i%n == r: all of them among
// the first 10*n VMs, one in ten of them after.
func every(i, n, r int) bool {
	return i%n == r && (i < 10*n || i%(10*n) == r)
}

// diskUnit is one link of a disk chain: its files' keys in layoutEx.file.
type diskUnit []int32

// snapshotLayout builds a VM's layoutEx as the plan's snapshots leave it.
type snapshotLayout struct {
	vm       *simulator.VirtualMachine
	name     string
	dir      string // "[ds] vm", the VM's directory, where its snapshot files go
	ds       string // the datastore's moid
	seed     uint32
	files    []types.VirtualMachineFileLayoutExFileInfo
	nextKey  int32
	disks    []int32      // the disks' device keys
	running  [][]diskUnit // per disk, the chain the VM writes through now (base first)
	deltas   int          // delta disks made so far, to number their files
	sizes    map[int32]int64
	snapshot []types.VirtualMachineFileLayoutExSnapshotLayout
}

// takeSnapshots carries out the plan on one VM: its snapshot tree, layoutEx and
// the registry's VirtualMachineSnapshot objects, and records the expected figures.
func takeSnapshots(vm *simulator.VirtualMachine, i int, specs []snapshotSpec, now time.Time) {
	l := newSnapshotLayout(vm)
	if l == nil {
		return
	}
	power := factsOf(vm).power
	var memoryMB int64
	withLock(vm, func() { memoryMB = int64(vm.Config.Hardware.MemoryMB) })

	refs := make([]types.ManagedObjectReference, len(specs))
	trees := make([]types.VirtualMachineSnapshotTree, len(specs))
	chains := make([][][]diskUnit, len(specs)) // per snapshot, the disk chains it froze
	owned := make([]int64, len(specs))         // bytes each snapshot owns
	current := -1
	created := now.Add(-time.Duration(2+(7*i)%45) * 24 * time.Hour)

	for j, spec := range specs {
		if spec.parent != current {
			// a revert: the deltas written since are deleted, new ones start from the parent's state
			for _, chain := range l.running {
				l.dropUnit(chain[len(chain)-1])
			}
			l.running = l.newDeltas(chains[spec.parent])
		}
		s := &simulator.VirtualMachineSnapshot{}
		s.Vm = vm.Self
		withLock(vm, func() { s.Config = *vm.Config })
		simulator.Map.Put(s)
		refs[j] = s.Self

		// The snapshot freezes the chain written to until now; its last delta (not a
		// root's base disk) is the snapshot's own, and a new delta takes the writes.
		chains[j] = l.running
		if spec.parent >= 0 {
			for _, chain := range l.running {
				owned[j] += l.unitBytes(chain[len(chain)-1])
			}
		}
		data := l.addFile(fmt.Sprintf("%s-Snapshot%d.vmsn", l.name, j+1), "snapshotData", 12<<10+int64(l.seed%64)<<10+int64(j)*1024)
		owned[j] += l.sizes[data]
		memory := int32(-1)
		if j == 0 && power == types.VirtualMachinePowerStatePoweredOn {
			memory = l.addFile(fmt.Sprintf("%s-Snapshot%d.vmem", l.name, j+1), "snapshotMemory", memoryMB<<20)
			owned[j] += l.sizes[memory]
		}
		l.snapshot = append(l.snapshot, types.VirtualMachineFileLayoutExSnapshotLayout{
			Key: s.Self, DataKey: data, MemoryKey: memory, Disk: l.diskLayouts(chains[j]),
		})
		l.running = l.newDeltas(chains[j])
		current = j

		trees[j] = types.VirtualMachineSnapshotTree{
			Snapshot: s.Self, Vm: vm.Self, Name: spec.name, Description: spec.description,
			Id: int32(j + 1), CreateTime: created.Add(time.Duration(j) * 20 * time.Hour), State: power,
			Quiesced: false, ReplaySupported: types.NewBool(false),
		}
	}
	// the deltas written to now belong to the current snapshot
	for _, chain := range l.running {
		owned[current] += l.unitBytes(chain[len(chain)-1])
	}
	l.addFile(l.name+".vmsd", "snapshotList", 512)

	info := &types.VirtualMachineSnapshotInfo{CurrentSnapshot: &refs[current], RootSnapshotList: nest(specs, trees)}
	update(vm,
		set("snapshot", info),
		set("layoutEx.file", l.files),
		set("layoutEx.disk", l.diskLayouts(l.running)),
		set("layoutEx.snapshot", l.snapshot),
		set("layoutEx.timestamp", now))

	expected := vmSnapshotsJSON{Count: len(specs), BytesByDatastore: map[string]int64{}, List: []snapshotJSON{}}
	for j, spec := range specs {
		depth := 1
		for p := spec.parent; p >= 0; p = specs[p].parent {
			depth++
		}
		t := trees[j].CreateTime
		if expected.Oldest == nil || t.Before(*expected.Oldest) {
			expected.Oldest = &t
		}
		expected.List = append(expected.List, snapshotJSON{
			Moid: refs[j].Value, Name: spec.name, Description: spec.description, Created: t,
			SizeBytes: owned[j], Depth: depth, Current: j == current,
		})
		expected.Bytes += owned[j]
		if j == current {
			expected.Depth = depth
		}
	}
	expected.BytesByDatastore[l.ds] = expected.Bytes // all of a VM's files are in its directory
	plannedSnapshots.Lock()
	plannedSnapshots.byVM[vm.Self.Value] = expected
	plannedSnapshots.Unlock()
}

// newSnapshotLayout starts from the VM's layoutEx as govmomi made it (its
// configuration files and base disks), or returns nil for a VM without disks.
func newSnapshotLayout(vm *simulator.VirtualMachine) *snapshotLayout {
	l := &snapshotLayout{vm: vm, sizes: map[int32]int64{}}
	withLock(vm, func() {
		l.name = vm.Name
		if len(vm.Datastore) > 0 {
			l.ds = vm.Datastore[0].Value
		}
		if vm.Config != nil {
			l.dir = path.Dir(vm.Config.Files.VmPathName)
		}
		if vm.LayoutEx == nil {
			return
		}
		l.files = append(l.files, vm.LayoutEx.File...)
		for _, d := range vm.LayoutEx.Disk {
			// govmomi lists a chain from the disk to its parents; vCenter from the base disk on
			var chain []diskUnit
			for k := len(d.Chain) - 1; k >= 0; k-- {
				chain = append(chain, diskUnit(append([]int32(nil), d.Chain[k].FileKey...)))
			}
			if len(chain) > 0 {
				l.disks = append(l.disks, d.Key)
				l.running = append(l.running, chain)
			}
		}
	})
	if len(l.disks) == 0 {
		return nil
	}
	for _, f := range l.files {
		l.sizes[f.Key] = f.Size
		if f.Key >= l.nextKey {
			l.nextKey = f.Key + 1
		}
	}
	if !strings.HasPrefix(l.dir, "[") {
		return nil
	}
	l.seed = seed(l.name)
	return l
}

// addFile adds a file of the VM's directory to layoutEx.file; returns its key.
func (l *snapshotLayout) addFile(name, kind string, size int64) int32 {
	key := l.nextKey
	l.nextKey++
	l.files = append(l.files, types.VirtualMachineFileLayoutExFileInfo{
		Key: key, Name: l.dir + "/" + name, Type: kind, Size: size, UniqueSize: size, Accessible: types.NewBool(true),
	})
	l.sizes[key] = size
	return key
}

// newDeltas starts a delta disk on top of each disk's chain: a descriptor and
// its extent, -delta or -sesparse in turn.
func (l *snapshotLayout) newDeltas(chains [][]diskUnit) [][]diskUnit {
	out := make([][]diskUnit, len(chains))
	for d, chain := range chains {
		l.deltas++
		kind := "delta"
		if l.deltas%2 == 0 {
			kind = "sesparse"
		}
		base := fmt.Sprintf("%s_%d-%06d", l.name, d, l.deltas)
		descriptor := l.addFile(base+".vmdk", "diskDescriptor", 512)
		extent := l.addFile(base+"-"+kind+".vmdk", "diskExtent", int64(1+(int(l.seed)+l.deltas)%16)*128<<20)
		out[d] = append(append([]diskUnit(nil), chain...), diskUnit{descriptor, extent})
	}
	return out
}

// dropUnit removes a delta's files from layoutEx.file.
func (l *snapshotLayout) dropUnit(u diskUnit) {
	gone := map[int32]bool{}
	for _, k := range u {
		gone[k] = true
	}
	kept := l.files[:0]
	for _, f := range l.files {
		if !gone[f.Key] {
			kept = append(kept, f)
		}
	}
	l.files = kept
}

func (l *snapshotLayout) unitBytes(u diskUnit) int64 {
	var n int64
	for _, k := range u {
		n += l.sizes[k]
	}
	return n
}

func (l *snapshotLayout) diskLayouts(chains [][]diskUnit) []types.VirtualMachineFileLayoutExDiskLayout {
	out := make([]types.VirtualMachineFileLayoutExDiskLayout, len(chains))
	for d, chain := range chains {
		out[d].Key = l.disks[d]
		for _, u := range chain {
			out[d].Chain = append(out[d].Chain, types.VirtualMachineFileLayoutExDiskUnit{FileKey: u})
		}
	}
	return out
}

// nest turns the plan's flat list into vSphere's tree of roots and children.
func nest(specs []snapshotSpec, trees []types.VirtualMachineSnapshotTree) []types.VirtualMachineSnapshotTree {
	var build func(parent int) []types.VirtualMachineSnapshotTree
	build = func(parent int) []types.VirtualMachineSnapshotTree {
		var out []types.VirtualMachineSnapshotTree
		for j, s := range specs {
			if s.parent == parent {
				t := trees[j]
				t.ChildSnapshotList = build(j)
				out = append(out, t)
			}
		}
		return out
	}
	return build(-1)
}

// vmSnapshotsModel is the model's "snapshots" of a VM: the plan's figures and
// the VM's runtime.consolidationNeeded as it is now; nil when there is neither.
func vmSnapshotsModel(vm *simulator.VirtualMachine) *vmSnapshotsJSON {
	plannedSnapshots.Lock()
	planned, ok := plannedSnapshots.byVM[vm.Self.Value]
	plannedSnapshots.Unlock()
	var consolidate bool
	withLock(vm, func() { consolidate = isTrue(vm.Runtime.ConsolidationNeeded) })
	if !ok && !consolidate {
		return nil
	}
	if !ok {
		planned = vmSnapshotsJSON{BytesByDatastore: map[string]int64{}, List: []snapshotJSON{}}
	}
	planned.ConsolidationNeeded = consolidate
	return &planned
}
