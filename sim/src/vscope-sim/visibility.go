package main

import (
	"sync/atomic"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// What a user may see, computed the way vCenter propagates permissions: each
// entity the user "sees" (users.go), everything below it in the inventory tree,
// and the ancestors of all of those up to the root folder (vCenter shows the
// path to whatever one may see, without that path's other children). Both
// enforcement (restricted.go) and GET /vscope/model?user= use it.

// scope is what one session may see.
type scope struct {
	all     bool // the administrator (and govmomi's in-process session)
	visible map[types.ManagedObjectReference]bool
}

// sees tells whether the object may be shown. Only inventory entities are
// restricted: managers, views, tasks and the like are not, nor are objects that
// no longer exist (their Leave updates must get through).
func (s scope) sees(r types.ManagedObjectReference) bool {
	if s.all || s.visible[r] {
		return true
	}
	_, entity := simulator.Map.Get(r).(mo.Entity)
	return !entity
}

func (s scope) filter(refs []types.ManagedObjectReference) []types.ManagedObjectReference {
	if s.all {
		return refs
	}
	out := make([]types.ManagedObjectReference, 0, len(refs))
	for _, r := range refs {
		if s.sees(r) {
			out = append(out, r)
		}
	}
	return out
}

type cachedScope struct {
	change int64
	scope  scope
}

// scopeOf is the scope of a SOAP call's session (nil: not logged in, which the
// simulator and the gate deal with).
func (p *permissions) scopeOf(s *simulator.Session) scope {
	if s == nil {
		return scope{all: true}
	}
	return p.scopeFor(s.UserName)
}

// scopeFor: the administrator and govmomi's in-process session (no name) see
// everything, a configured user what their entities grant, and anyone else
// nothing (e.g. LoginByToken sessions, which govmomi opens for any name). Scopes are cached until the
// inventory or the users change: WaitForUpdatesEx re-reads views once per update.
func (p *permissions) scopeFor(user string) scope {
	p.mu.Lock()
	if user == "" || user == p.admin {
		p.mu.Unlock()
		return scope{all: true}
	}
	change := inventoryChanges.count()
	if c, ok := p.scopes[user]; ok && c.change == change {
		p.mu.Unlock()
		return c.scope
	}
	roots := p.users[user].see
	p.mu.Unlock()

	// Computed without p.mu: it takes object locks, and a change meanwhile
	// only makes the cached entry stale.
	s := scope{visible: visibleFrom(roots)}
	p.mu.Lock()
	p.scopes[user] = cachedScope{change: change, scope: s}
	p.mu.Unlock()
	return s
}

// visibleFrom computes what permissions on roots let a user see.
func visibleFrom(roots []types.ManagedObjectReference) map[types.ManagedObjectReference]bool {
	visible := make(map[types.ManagedObjectReference]bool)
	var below []types.ManagedObjectReference
	var down func(types.ManagedObjectReference)
	down = func(r types.ManagedObjectReference) {
		obj := simulator.Map.Get(r)
		if obj == nil || visible[r] {
			return
		}
		visible[r] = true
		below = append(below, r)
		for _, c := range inventoryChildren(obj) {
			down(c)
		}
	}
	for _, r := range roots {
		down(r)
	}

	for _, r := range below {
		// An ancestor already visible has had (or will have) its own path added.
		for p := parentOf(r); p != nil && !visible[*p]; p = parentOf(*p) {
			visible[*p] = true
		}
	}
	return visible
}

// inventoryChildren are the objects permissions on obj propagate to: a folder's
// entities, a datacenter's four folders, a compute resource's hosts and root
// pool, a pool's (or vApp's) child pools and VMs, and the VMs on a host.
func inventoryChildren(obj mo.Reference) []types.ManagedObjectReference {
	var out []types.ManagedObjectReference
	withLock(obj, func() {
		switch o := obj.(type) {
		case *simulator.Folder:
			out = append(out, o.ChildEntity...)
		case *simulator.StoragePod:
			out = append(out, o.ChildEntity...)
		case *simulator.Datacenter:
			out = append(out, o.HostFolder, o.VmFolder, o.DatastoreFolder, o.NetworkFolder)
		case *simulator.ClusterComputeResource:
			out = append(out, o.Host...)
			if o.ResourcePool != nil {
				out = append(out, *o.ResourcePool)
			}
		case *mo.ComputeResource:
			out = append(out, o.Host...)
			if o.ResourcePool != nil {
				out = append(out, *o.ResourcePool)
			}
		case *simulator.ResourcePool:
			out = append(out, o.ResourcePool.ResourcePool...)
			out = append(out, o.Vm...)
		case *simulator.VirtualApp:
			out = append(out, o.ResourcePool.ResourcePool...)
			out = append(out, o.Vm...)
		case *simulator.HostSystem:
			out = append(out, o.Vm...)
		}
	})
	return out
}

func parentOf(r types.ManagedObjectReference) *types.ManagedObjectReference {
	e, ok := simulator.Map.Get(r).(mo.Entity)
	if !ok {
		return nil
	}
	var parent *types.ManagedObjectReference
	withLock(e, func() {
		if p := e.Entity().Parent; p != nil {
			copied := *p
			parent = &copied
		}
	})
	return parent
}

// changeCounter counts changes to inventory entities (created, changed, removed),
// so that cached scopes know when they are stale. It listens in govmomi's
// registry like a PropertyCollector does, and the users' changes count too.
type changeCounter struct{ n int64 }

var inventoryChanges = new(changeCounter)

func (c *changeCounter) count() int64 { return atomic.LoadInt64(&c.n) }
func (c *changeCounter) bump()        { atomic.AddInt64(&c.n, 1) }

func (c *changeCounter) Reference() types.ManagedObjectReference {
	return ref("VscopeChangeCounter", "vscope-change-counter")
}

func (c *changeCounter) PutObject(obj mo.Reference) {
	if _, ok := obj.(mo.Entity); ok {
		c.bump()
	}
}

func (c *changeCounter) UpdateObject(obj mo.Reference, _ []types.PropertyChange) {
	if _, ok := obj.(mo.Entity); ok {
		c.bump()
	}
}

// RemoveObject is called while the object is still in the registry.
func (c *changeCounter) RemoveObject(r types.ManagedObjectReference) {
	if _, ok := simulator.Map.Get(r).(mo.Entity); ok {
		c.bump()
	}
}
