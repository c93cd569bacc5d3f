package main

import (
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Enforcement of the users' scopes (visibility.go), where vCenter enforces them:
//
//   - a ContainerView created in a restricted session lists only visible objects,
//     also those the simulator adds to it later: restrictedView filters the view
//     whenever the PropertyCollector reads it;
//   - RetrieveProperties(Ex) and WaitForUpdates(Ex) leave out objects the user
//     cannot see, however they were reached (traversal, direct ObjectSpec):
//     restrictedCollector filters their answers.
//
// Both replace govmomi's types in the registry (see overrides.go). The
// administrator's sessions go through them unchanged.
//
// Not covered: values of visible objects that refer to hidden ones (a
// datastore's vm or host list, …) are left as they are; other methods (QueryPerf,
// tasks, the internal Fetch) do not check the scope; and when an object a filter
// already reports on becomes hidden (e.g. a VM migrated away from the user's
// cluster), its updates just stop: govmomi never sends Leave for an object that
// drops out of a traversal. (An object becoming visible in a container view does
// enter.)

// restrictedCollector is the PropertyCollector. It embeds govmomi's by value:
// govmomi makes each session's instance of the singleton with reflect.New of
// this type, so a zero value must work, and the PropertyCollector's reflection
// digs the mo type out of the first field, which must not be a pointer.
type restrictedCollector struct {
	simulator.PropertyCollector
	pages pager // maxObjectUpdates and maxObjects (paging.go)
}

func newRestrictedCollector(self types.ManagedObjectReference) *restrictedCollector {
	pc := new(restrictedCollector)
	pc.Self = self
	return pc
}

// CreatePropertyCollector makes the new collector a restrictedCollector too.
func (pc *restrictedCollector) CreatePropertyCollector(ctx *simulator.Context, _ *types.CreatePropertyCollector) soap.HasFault {
	// With Self.Type unset, Session.Put would name the type after the Go type.
	c := newRestrictedCollector(types.ManagedObjectReference{Type: "PropertyCollector"})
	return &methods.CreatePropertyCollectorBody{
		Res: &types.CreatePropertyCollectorResponse{Returnval: ctx.Session.Put(c).Reference()},
	}
}

func (pc *restrictedCollector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	limit, fault := retrieveLimit(r.Options)
	if fault != nil {
		return &methods.RetrievePropertiesExBody{Fault_: fault}
	}
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	if body, ok := res.(*methods.RetrievePropertiesExBody); ok && body.Res != nil && body.Res.Returnval != nil {
		body.Res.Returnval.Objects = filterContents(perms.scopeOf(ctx.Session), body.Res.Returnval.Objects)
		pc.pages.firstPage(body.Res.Returnval, limit)
	}
	return res
}

// ContinueRetrievePropertiesEx answers the next page of a paged RetrievePropertiesEx (paging.go).
func (pc *restrictedCollector) ContinueRetrievePropertiesEx(_ *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	result, ok := pc.pages.nextPage(r.Token)
	if !ok {
		return &methods.ContinueRetrievePropertiesExBody{Fault_: invalidArgument("token")}
	}
	return &methods.ContinueRetrievePropertiesExBody{Res: &types.ContinueRetrievePropertiesExResponse{Returnval: *result}}
}

func (pc *restrictedCollector) CancelRetrievePropertiesEx(_ *simulator.Context, r *types.CancelRetrievePropertiesEx) soap.HasFault {
	pc.pages.cancel(r.Token)
	return &methods.CancelRetrievePropertiesExBody{Res: new(types.CancelRetrievePropertiesExResponse)}
}

// RetrieveProperties is overridden separately: govmomi's calls its own
// RetrievePropertiesEx, not this type's.
func (pc *restrictedCollector) RetrieveProperties(ctx *simulator.Context, r *types.RetrieveProperties) soap.HasFault {
	res := pc.PropertyCollector.RetrieveProperties(ctx, r)
	if body, ok := res.(*methods.RetrievePropertiesBody); ok && body.Res != nil {
		body.Res.Returnval = filterContents(perms.scopeOf(ctx.Session), body.Res.Returnval)
	}
	return res
}

func filterContents(s scope, objects []types.ObjectContent) []types.ObjectContent {
	if s.all {
		return objects
	}
	out := objects[:0]
	for _, o := range objects {
		if s.sees(o.Obj) {
			out = append(out, o)
		}
	}
	return out
}

// WaitForUpdatesEx answers the changes the user may see, in parts of at most
// maxObjectUpdates (paging.go).
func (pc *restrictedCollector) WaitForUpdatesEx(ctx *simulator.Context, r *types.WaitForUpdatesEx) soap.HasFault {
	limit, fault := updateLimit(r.Options)
	if fault != nil {
		return &methods.WaitForUpdatesExBody{Fault_: fault}
	}
	if res, ok := pc.pages.restOfUpdates(r.Version, limit); ok {
		return res
	}
	return pc.pages.splitUpdates(pc.visibleUpdates(ctx, r), limit)
}

// visibleUpdates leaves out updates of objects the user cannot see. When that
// leaves nothing of a batch, it waits on (within MaxWaitSeconds), as vCenter
// would not have answered for changes the client may not see.
func (pc *restrictedCollector) visibleUpdates(ctx *simulator.Context, r *types.WaitForUpdatesEx) soap.HasFault {
	s := perms.scopeOf(ctx.Session)
	if s.all {
		return pc.PropertyCollector.WaitForUpdatesEx(ctx, r)
	}

	req := *r
	var deadline time.Time
	if o := r.Options; o != nil && o.MaxWaitSeconds != nil && *o.MaxWaitSeconds > 0 {
		deadline = time.Now().Add(time.Duration(*o.MaxWaitSeconds) * time.Second)
	}
	for {
		res := pc.PropertyCollector.WaitForUpdatesEx(ctx, &req)
		body, ok := res.(*methods.WaitForUpdatesExBody)
		if !ok || body.Res == nil || body.Res.Returnval == nil {
			return res
		}
		set := body.Res.Returnval
		set.FilterSet = filterUpdates(s, set.FilterSet)
		if len(set.FilterSet) != 0 || r.Version == "" {
			return res // the first call always answers, with the version to go on from
		}

		// Everything was hidden: wait for more, unless the client asked not to wait.
		wait := req.Options
		switch {
		case wait != nil && wait.MaxWaitSeconds != nil && *wait.MaxWaitSeconds == 0:
			body.Res.Returnval = nil
			return res
		case !deadline.IsZero():
			left := int32(time.Until(deadline) / time.Second)
			if left < 1 {
				body.Res.Returnval = nil
				return res
			}
			options := *wait
			options.MaxWaitSeconds = &left
			req.Options = &options
		}
	}
}

// WaitForUpdates is overridden separately, like RetrieveProperties.
func (pc *restrictedCollector) WaitForUpdates(ctx *simulator.Context, r *types.WaitForUpdates) soap.HasFault {
	body := &methods.WaitForUpdatesBody{}
	res := pc.WaitForUpdatesEx(ctx, &types.WaitForUpdatesEx{This: r.This, Version: r.Version})
	if f := res.Fault(); f != nil {
		body.Fault_ = f
	} else {
		body.Res = &types.WaitForUpdatesResponse{Returnval: *res.(*methods.WaitForUpdatesExBody).Res.Returnval}
	}
	return body
}

// filterUpdates drops the updates of hidden objects, and hidden objects from the
// "view" of container views (which govmomi reports unfiltered when it adds an
// object). Leave updates always pass: the object is gone, so whether it was
// visible is unknown, and a client ignores the departure of an object it never saw.
func filterUpdates(s scope, sets []types.PropertyFilterUpdate) []types.PropertyFilterUpdate {
	out := sets[:0]
	for _, fu := range sets {
		objects := fu.ObjectSet[:0]
		for _, u := range fu.ObjectSet {
			if u.Kind != types.ObjectUpdateKindLeave && !s.sees(u.Obj) {
				continue
			}
			if u.Obj.Type == "ContainerView" {
				changes := make([]types.PropertyChange, len(u.ChangeSet))
				for i, c := range u.ChangeSet {
					if list, ok := c.Val.(*types.ArrayOfManagedObjectReference); ok && c.Name == "view" {
						c.Val = &types.ArrayOfManagedObjectReference{ManagedObjectReference: s.filter(list.ManagedObjectReference)}
					}
					changes[i] = c
				}
				u.ChangeSet = changes
			}
			objects = append(objects, u)
		}
		fu.ObjectSet = objects
		if len(fu.ObjectSet) != 0 || len(fu.MissingSet) != 0 {
			out = append(out, fu)
		}
	}
	return out
}

// restrictedViewManager is the ViewManager (embedded by value, for the same
// reason as restrictedCollector's).
type restrictedViewManager struct {
	simulator.ViewManager
}

// CreateContainerView wraps the views of restricted sessions in restrictedView.
func (m *restrictedViewManager) CreateContainerView(ctx *simulator.Context, req *types.CreateContainerView) soap.HasFault {
	res := m.ViewManager.CreateContainerView(ctx, req)
	body, ok := res.(*methods.CreateContainerViewBody)
	if !ok || body.Res == nil || ctx.Session == nil || perms.scopeOf(ctx.Session).all {
		return res
	}
	if v, ok := ctx.Session.Registry.Get(body.Res.Returnval).(*simulator.ContainerView); ok {
		ctx.Session.Registry.Put(&restrictedView{ContainerView: v, user: ctx.Session.UserName})
	}
	return res
}

// restrictedView is a ContainerView that shows its user only the objects they
// may see. govmomi keeps the view's full contents up to date (the embedded view
// stays the registry's change handler); the PropertyCollector reads the view
// through Get, which filters with the user's current scope, so objects added
// later and permission changes are covered too.
type restrictedView struct {
	*simulator.ContainerView
	user string
}

// Get is what govmomi's PropertyCollector reads instead of the registry object
// (the hook its EventHistoryCollector uses to show a different type).
func (v *restrictedView) Get() mo.Reference {
	view := v.ContainerView.ContainerView
	view.View = perms.scopeFor(v.user).filter(view.View)
	return &view
}
