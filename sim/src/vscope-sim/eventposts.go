package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// The control API's "postEvents": events as a named vCenter user causes them, for
// the events timeline (issue 13). Power operations run the simulator's own
// methods in that user's session, so the VM changes state and govmomi posts its
// events; migrations and maintenance change the inventory through the same paths
// as migrateVm and maintenance, then post the event vCenter posts for them (govmomi
// 0.24 posts none). The other kinds post their event only:
//
//	powerOn, powerOff   vm                 the simulator's PowerOnVM_Task/PowerOffVM_Task
//	reset               vm                 VmResettingEvent (the VM stays on)
//	migrate             vm, host           a vMotion, then VmMigratedEvent
//	reconfigure         vm, memoryMB       new memory size, VmReconfiguredEvent with its configChanges
//	haRestart           vm                 EventEx com.vmware.vc.ha.VmRestartedByHAEvent
//	hostConnected       host               HostConnectedEvent
//	hostDisconnected    host               HostDisconnectedEvent
//	enterMaintenance    host               maintenance on, then EnteredMaintenanceModeEvent
//	exitMaintenance     host               maintenance off, then ExitMaintenanceModeEvent
//	datastoreGrown      datastore          DatastoreCapacityIncreasedEvent
//	alarm               entity, alarm, from, to   AlarmStatusChangedEvent (gray, green, yellow, red)
//	burst               vm, count          that many AlarmStatusChangedEvents on the VM, alternating
//	                                       red and green: a storm, to test bounded reads
//
// "user" is the user name the events carry; empty, as for vCenter's own actions.
// "ago" dates the events that many seconds in the past, as vCenter dates an event
// it records late; tests and the demo spread events over a chart's range with it.
type eventSpec struct {
	Kind      string `json:"kind"`
	User      string `json:"user"`
	VM        string `json:"vm"`
	Host      string `json:"host"`
	Datastore string `json:"datastore"`
	Entity    string `json:"entity"`
	Alarm     string `json:"alarm"`
	From      string `json:"from"`
	To        string `json:"to"`
	MemoryMB  int32  `json:"memoryMB"`
	Count     int    `json:"count"`
	Ago       int64  `json:"ago"`
}

// maxBurst bounds a burst: 200,000 events are about 100 MB of launcher memory.
const maxBurst = 200000

var alarmColors = map[string]string{"gray": "Gray", "green": "Green", "yellow": "Yellow", "red": "Red"}

// validate checks what a spec needs before anything is changed.
func (s eventSpec) validate() error {
	if s.Ago < 0 {
		return errors.New(`"ago" must be >= 0 seconds`)
	}
	need := func(fields ...string) error {
		for _, f := range fields {
			var v string
			switch f {
			case "vm":
				v = s.VM
			case "host":
				v = s.Host
			case "datastore":
				v = s.Datastore
			case "entity":
				v = s.Entity
			case "alarm":
				v = s.Alarm
			}
			if v == "" {
				return fmt.Errorf("%s needs %q", s.Kind, f)
			}
		}
		return nil
	}
	switch s.Kind {
	case "powerOn", "powerOff", "reset", "haRestart":
		return need("vm")
	case "migrate":
		return need("vm", "host")
	case "reconfigure":
		if s.MemoryMB <= 0 {
			return errors.New(`reconfigure needs "memoryMB" > 0`)
		}
		return need("vm")
	case "hostConnected", "hostDisconnected", "enterMaintenance", "exitMaintenance":
		return need("host")
	case "datastoreGrown":
		return need("datastore")
	case "alarm":
		if alarmColors[s.From] == "" || alarmColors[s.To] == "" {
			return errors.New(`alarm needs "from" and "to" among gray, green, yellow, red`)
		}
		return need("entity", "alarm")
	case "burst":
		if s.Count < 1 || s.Count > maxBurst {
			return fmt.Errorf(`burst needs "count" from 1 to %d`, maxBurst)
		}
		return need("vm")
	}
	return fmt.Errorf("unknown event kind %q", s.Kind)
}

// postEvents runs the specs in order (under simLock) and returns the keys of every
// event they made, comma-separated, oldest first.
func (inv *inventory) postEvents(ctx context.Context, specs []eventSpec) (string, error) {
	before := history.lastKey()
	for i, s := range specs {
		last := history.lastKey()
		if err := inv.post(ctx, s); err != nil {
			return "", fmt.Errorf("postEvents[%d] (%s): %w", i, s.Kind, err)
		}
		history.backdate(last, time.Duration(s.Ago)*time.Second)
	}
	var keys []string
	history.sync()
	for _, e := range history.after(before) {
		keys = append(keys, strconv.Itoa(int(e.GetEvent().Key)))
	}
	return strings.Join(keys, ","), nil
}

func (inv *inventory) post(ctx context.Context, s eventSpec) error {
	switch s.Kind {
	case "powerOn", "powerOff":
		vm, err := lookupVM(s.VM)
		if err != nil {
			return err
		}
		return powerAs(s.User, vm, s.Kind == "powerOn")
	case "reset":
		vm, err := lookupVM(s.VM)
		if err != nil {
			return err
		}
		postAs(s.User, &types.VmResettingEvent{VmEvent: vmEvent(vm)})
	case "migrate":
		return inv.migrateAs(ctx, s)
	case "reconfigure":
		vm, err := lookupVM(s.VM)
		if err != nil {
			return err
		}
		old := factsOf(vm).memoryMB
		update(vm, set("config.hardware.memoryMB", s.MemoryMB), set("summary.config.memorySizeMB", s.MemoryMB))
		postAs(s.User, &types.VmReconfiguredEvent{
			VmEvent:       vmEvent(vm),
			ConfigSpec:    types.VirtualMachineConfigSpec{MemoryMB: int64(s.MemoryMB)},
			ConfigChanges: &types.ChangesInfoEventArgument{Modified: fmt.Sprintf("config.hardware.memoryMB: %d -> %d; ", old, s.MemoryMB)},
		})
	case "haRestart":
		vm, err := lookupVM(s.VM)
		if err != nil {
			return err
		}
		ev := vmEvent(vm).Event
		if _, ok := simulator.Map.Get(ev.ComputeResource.ComputeResource).(*simulator.ClusterComputeResource); !ok {
			return errors.New("vSphere HA restarts VMs of clusters only")
		}
		ev.FullFormattedMessage = fmt.Sprintf("vSphere HA restarted virtual machine %s on host %s in cluster %s",
			ev.Vm.Name, ev.Host.Name, ev.ComputeResource.Name)
		postAs(s.User, &types.EventEx{Event: ev, EventTypeId: "com.vmware.vc.ha.VmRestartedByHAEvent", Severity: "warning",
			ObjectId: vm.Self.Value, ObjectType: "vim.VirtualMachine", ObjectName: ev.Vm.Name})
	case "hostConnected", "hostDisconnected":
		h, err := lookupHost(s.Host)
		if err != nil {
			return err
		}
		he := hostEvent(h)
		if s.Kind == "hostConnected" {
			he.FullFormattedMessage = fmt.Sprintf("Connected to %s in %s", he.Host.Name, he.Datacenter.Name)
			postAs(s.User, &types.HostConnectedEvent{HostEvent: he})
		} else {
			he.FullFormattedMessage = fmt.Sprintf("Disconnected from %s in %s. Reason: User requested", he.Host.Name, he.Datacenter.Name)
			postAs(s.User, &types.HostDisconnectedEvent{HostEvent: he, Reason: string(types.HostDisconnectedEventReasonCodeUserRequest)})
		}
	case "enterMaintenance", "exitMaintenance":
		h, err := lookupHost(s.Host)
		if err != nil {
			return err
		}
		on := s.Kind == "enterMaintenance"
		if err := inv.setMaintenance(ctx, s.Host, on); err != nil {
			return err
		}
		if on {
			postAs(s.User, &types.EnteredMaintenanceModeEvent{HostEvent: hostEvent(h)})
		} else {
			postAs(s.User, &types.ExitMaintenanceModeEvent{HostEvent: hostEvent(h)})
		}
	case "datastoreGrown":
		ds, ok := simulator.Map.Get(ref("Datastore", s.Datastore)).(*simulator.Datastore)
		if !ok {
			return fmt.Errorf("no datastore %q", s.Datastore)
		}
		var capacity int64
		withLock(ds, func() { capacity = ds.Summary.Capacity })
		ev := datastoreEvent(ds)
		grown := capacity + 100<<30
		ev.FullFormattedMessage = fmt.Sprintf("Datastore %s increased in capacity from %d bytes to %d bytes in %s",
			ev.Datastore.Name, capacity, grown, ev.Datacenter.Name)
		postAs(s.User, &types.DatastoreCapacityIncreasedEvent{DatastoreEvent: ev, OldCapacity: capacity, NewCapacity: grown})
	case "alarm":
		e, err := entityByMoid(s.Entity)
		if err != nil {
			return err
		}
		postAs(s.User, alarmChange(e, s.Alarm, s.From, s.To))
	case "burst":
		vm, err := lookupVM(s.VM)
		if err != nil {
			return err
		}
		for i := 0; i < s.Count; i++ {
			if i%500 == 0 {
				history.sync() // the EventManager keeps 1,000 events only
			}
			from, to := "green", "red"
			if i%2 == 1 {
				from, to = to, from
			}
			postAs(s.User, alarmChange(vm, "Virtual machine CPU usage", from, to))
		}
	}
	return nil
}

// powerAs runs the simulator's power operation in a session of that user, as
// govmomi runs its PowerOnMultiVM_Task: its events then carry the user's name.
func powerAs(user string, vm *simulator.VirtualMachine, on bool) error {
	var res soap.HasFault
	withLock(vm, func() {
		if on {
			res = vm.PowerOnVMTask(userContext(user), &types.PowerOnVM_Task{This: vm.Self})
		} else {
			res = vm.PowerOffVMTask(userContext(user), &types.PowerOffVM_Task{This: vm.Self})
		}
	})
	var task types.ManagedObjectReference
	switch b := res.(type) {
	case *methods.PowerOnVM_TaskBody:
		task = b.Res.Returnval
	case *methods.PowerOffVM_TaskBody:
		task = b.Res.Returnval
	}
	if t, ok := simulator.Map.Get(task).(*simulator.Task); ok {
		var failed *types.LocalizedMethodFault
		withLock(t, func() { failed = t.Info.Error })
		if failed != nil {
			return fmt.Errorf("%T", failed.Fault)
		}
	}
	if h, ok := simulator.Map.Get(factsOf(vm).host).(*simulator.HostSystem); ok {
		refreshHostStats(h)
	}
	return nil
}

// migrateAs is migrateVm followed by the event vCenter posts when a vMotion completes.
func (inv *inventory) migrateAs(ctx context.Context, s eventSpec) error {
	vm, err := lookupVM(s.VM)
	if err != nil {
		return err
	}
	f := factsOf(vm)
	if f.host.Value == s.Host {
		return fmt.Errorf("%s already runs on %s", s.VM, s.Host)
	}
	source, err := lookupHost(f.host.Value)
	if err != nil {
		return err
	}
	if err := inv.migrateVM(ctx, s.VM, s.Host); err != nil {
		return err
	}
	from := hostEvent(source).Host
	ev := &types.VmMigratedEvent{VmEvent: vmEvent(vm), SourceHost: *from}
	if len(f.datastore) > 0 {
		if ds, ok := simulator.Map.Get(f.datastore[0]).(*simulator.Datastore); ok {
			arg := datastoreArg(ds)
			ev.Ds, ev.SourceDatastore = arg, arg // a vMotion keeps the VM's storage
		}
	}
	postAs(s.User, ev)
	return nil
}

// userContext is a session of that user, for calling simulator methods directly.
func userContext(user string) *simulator.Context {
	ctx := simContext()
	ctx.Session = &simulator.Session{
		UserSession: types.UserSession{Key: "vscope-events-" + user, UserName: user},
		Registry:    simulator.NewRegistry(),
	}
	return ctx
}

// postAs posts an event through the EventManager, which numbers it, dates it,
// formats its message where govmomi has a template for its type, and names the
// session's user.
func postAs(user string, e types.BaseEvent) {
	em := simulator.Map.EventManager()
	withLock(em, func() { em.PostEvent(userContext(user), &types.PostEvent{This: em.Self, EventToPost: e}) })
}

// The event arguments vCenter fills in: the datacenter, compute resource, host
// and VM that an event is about (govmomi's own helpers are unexported).

func hostEvent(h *simulator.HostSystem) types.HostEvent {
	ev := types.Event{Host: &types.HostEventArgument{Host: h.Self, EntityEventArgument: types.EntityEventArgument{Name: entityName(h)}}}
	if dc := datacenterOf(h); dc != nil {
		ev.Datacenter = datacenterArg(dc)
	}
	if cr := computeResourceOf(h); cr != nil {
		ev.ComputeResource = &types.ComputeResourceEventArgument{ComputeResource: cr.obj.Reference(),
			EntityEventArgument: types.EntityEventArgument{Name: cr.name}}
	}
	return types.HostEvent{Event: ev}
}

func vmEvent(vm *simulator.VirtualMachine) types.VmEvent {
	ev := types.Event{}
	if h, ok := simulator.Map.Get(factsOf(vm).host).(*simulator.HostSystem); ok {
		ev = hostEvent(h).Event
	}
	ev.Vm = &types.VmEventArgument{Vm: vm.Self, EntityEventArgument: types.EntityEventArgument{Name: entityName(vm)}}
	return types.VmEvent{Event: ev}
}

func datastoreEvent(ds *simulator.Datastore) types.DatastoreEvent {
	ev := types.Event{}
	if dc := datacenterOf(ds); dc != nil {
		ev.Datacenter = datacenterArg(dc)
	}
	return types.DatastoreEvent{Event: ev, Datastore: datastoreArg(ds)}
}

func datacenterArg(dc *simulator.Datacenter) *types.DatacenterEventArgument {
	return &types.DatacenterEventArgument{Datacenter: dc.Self, EntityEventArgument: types.EntityEventArgument{Name: entityName(dc)}}
}

func datastoreArg(ds *simulator.Datastore) *types.DatastoreEventArgument {
	return &types.DatastoreEventArgument{Datastore: ds.Self, EntityEventArgument: types.EntityEventArgument{Name: entityName(ds)}}
}

// alarmChange is an alarm's status change on an entity, with the event arguments
// of the entity's kind, worded as vCenter words it.
func alarmChange(e mo.Entity, alarm, from, to string) *types.AlarmStatusChangedEvent {
	var ev types.Event
	switch o := e.(type) {
	case *simulator.VirtualMachine:
		ev = vmEvent(o).Event
	case *simulator.HostSystem:
		ev = hostEvent(o).Event
	case *simulator.Datastore:
		d := datastoreEvent(o)
		ev, ev.Ds = d.Event, d.Datastore
	default:
		if dc := datacenterOf(e); dc != nil {
			ev.Datacenter = datacenterArg(dc)
		}
		if c, ok := e.(*simulator.ClusterComputeResource); ok {
			ev.ComputeResource = &types.ComputeResourceEventArgument{ComputeResource: c.Self, EntityEventArgument: types.EntityEventArgument{Name: entityName(c)}}
		}
	}
	target := types.ManagedEntityEventArgument{Entity: e.Reference(), EntityEventArgument: types.EntityEventArgument{Name: entityName(e)}}
	ev.FullFormattedMessage = fmt.Sprintf("Alarm '%s' on %s changed from %s to %s", alarm, target.Name, alarmColors[from], alarmColors[to])
	return &types.AlarmStatusChangedEvent{
		AlarmEvent: types.AlarmEvent{Event: ev, Alarm: types.AlarmEventArgument{
			Alarm: ref("Alarm", fmt.Sprintf("alarm-%d", seed(alarm)%1000)), EntityEventArgument: types.EntityEventArgument{Name: alarm}}},
		Source: target, Entity: target, From: from, To: to,
	}
}

// entityByMoid finds an inventory entity by its moid, whatever its type.
func entityByMoid(moid string) (mo.Entity, error) {
	for _, kind := range []string{"VirtualMachine", "HostSystem", "Datastore", "ClusterComputeResource", "Datacenter", "ResourcePool", "Folder"} {
		if e, ok := simulator.Map.Get(ref(kind, moid)).(mo.Entity); ok {
			return e, nil
		}
	}
	return nil, fmt.Errorf("no entity %q", moid)
}

// GET /vscope/events?after=KEY: the history (every event posted since the
// launcher started, oldest first, or those after a key) and how many event
// collectors are open, for tests to take their expectations from.

type eventsJSON struct {
	Collectors int         `json:"collectors"`
	Events     []eventJSON `json:"events"`
}

type eventJSON struct {
	Key             int32     `json:"key"`
	Type            string    `json:"type"` // an EventEx's eventTypeId
	CreatedTime     time.Time `json:"createdTime"`
	UserName        string    `json:"userName"`
	Message         string    `json:"message"`
	Datacenter      *argJSON  `json:"datacenter"`
	ComputeResource *argJSON  `json:"computeResource"`
	Host            *argJSON  `json:"host"`
	VM              *argJSON  `json:"vm"`
	Datastore       *argJSON  `json:"datastore"`
	SourceHost      *argJSON  `json:"sourceHost"`
	SourceDatastore *argJSON  `json:"sourceDatastore"`
	Entity          *argJSON  `json:"entity"` // what an alarm changed on
	Alarm           string    `json:"alarm"`
	From            string    `json:"from"`
	To              string    `json:"to"`
}

type argJSON struct {
	Moid string `json:"moid"`
	Name string `json:"name"`
}

func (c *controller) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use GET"})
		return
	}
	after := int64(0)
	if a := r.URL.Query().Get("after"); a != "" {
		var err error
		if after, err = strconv.ParseInt(a, 10, 32); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "after must be an event key"})
			return
		}
	}
	history.sync()
	out := eventsJSON{Collectors: history.openCollectors(c.sessionKeyActive), Events: []eventJSON{}}
	for _, e := range history.after(int32(after)) {
		out.Events = append(out.Events, describeEvent(e))
	}
	writeJSON(w, http.StatusOK, out)
}

// sessionKeyActive tells whether a SOAP session key belongs to a live session.
func (c *controller) sessionKeyActive(key string) bool {
	for _, user := range append([]string{c.username}, perms.userNames()...) {
		if sessionOf(key, user) {
			return true
		}
	}
	return false
}

func describeEvent(b types.BaseEvent) eventJSON {
	e := b.GetEvent()
	out := eventJSON{Key: e.Key, Type: eventTypeName(b), CreatedTime: e.CreatedTime, UserName: e.UserName, Message: e.FullFormattedMessage}
	if a := e.Datacenter; a != nil {
		out.Datacenter = &argJSON{a.Datacenter.Value, a.Name}
	}
	if a := e.ComputeResource; a != nil {
		out.ComputeResource = &argJSON{a.ComputeResource.Value, a.Name}
	}
	if a := e.Host; a != nil {
		out.Host = &argJSON{a.Host.Value, a.Name}
	}
	if a := e.Vm; a != nil {
		out.VM = &argJSON{a.Vm.Value, a.Name}
	}
	if a := e.Ds; a != nil {
		out.Datastore = &argJSON{a.Datastore.Value, a.Name}
	}
	switch t := b.(type) {
	case *types.VmMigratedEvent:
		out.SourceHost = &argJSON{t.SourceHost.Host.Value, t.SourceHost.Name}
		if a := t.SourceDatastore; a != nil {
			out.SourceDatastore = &argJSON{a.Datastore.Value, a.Name}
		}
	case *types.AlarmStatusChangedEvent:
		out.Entity = &argJSON{t.Entity.Entity.Value, t.Entity.Name}
		out.Alarm, out.From, out.To = t.Alarm.Name, t.From, t.To
	case types.BaseDatastoreEvent:
		if a := t.GetDatastoreEvent().Datastore; a != nil {
			out.Datastore = &argJSON{a.Datastore.Value, a.Name}
		}
	}
	return out
}
