package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// vCenter alarms (issue 13). govmomi 0.24 has no AlarmManager and no Alarm
// objects, and never sets triggeredAlarmState. vscope-sim defines a few of
// vCenter's default alarms as Alarm objects (info.name is what a client shows)
// and triggers some of them at start, as vCenter reports them: on the entity's
// triggeredAlarmState and, propagated up the inventory, on every ancestor's
// (cluster, folders, datacenter, root folder), each state naming its own entity.
//
// Per datacenter at start (in name order; templates left out):
//   - the first host: red "Host connection and power state";
//   - the second host: yellow "Host CPU usage", acknowledged by an operator;
//   - VM i: yellow "Virtual machine memory usage" when i%6 == 0, red
//     "Virtual machine CPU usage", acknowledged, when i%6 == 3 (past VM 60,
//     one in ten of those: see every in snapshots.go);
//   - the first datastore: red "Datastore usage on disk";
//   - the first cluster: yellow "Insufficient vSphere HA failover resources";
//   - the datacenter itself: yellow "License inventory monitoring".
//
// The control API's "alarm" triggers, clears, acknowledges one, or renames an
// alarm, so that a client sees a change arrive through WaitForUpdatesEx.

// alarmDefs are the Alarm objects, by moid.
var alarmDefs = []struct{ moid, name, description string }{
	{"alarm-1", "Host connection and power state", "Default alarm to monitor host connection and power state"},
	{"alarm-2", "Host CPU usage", "Default alarm to monitor host CPU usage"},
	{"alarm-3", "Virtual machine CPU usage", "Default alarm to monitor virtual machine CPU usage"},
	{"alarm-4", "Virtual machine memory usage", "Default alarm to monitor virtual machine memory usage"},
	{"alarm-5", "Datastore usage on disk", "Default alarm to monitor datastore disk usage"},
	{"alarm-6", "Insufficient vSphere HA failover resources", "Default alarm to alert when there are insufficient cluster resources for vSphere HA"},
	{"alarm-7", "License inventory monitoring", "Default alarm to monitor license inventory"},
}

// The operator who acknowledges alarms at start.
const alarmOperator = `VSPHERE.LOCAL\operator`

// triggered is every triggered alarm, in the order they were triggered; each
// object's triggeredAlarmState is computed from it.
var triggered = struct {
	sync.Mutex
	states []types.AlarmState
}{}

type alarmJSON struct {
	Key            string     `json:"key"`
	Entity         string     `json:"entity"` // moid
	EntityType     string     `json:"entityType"`
	EntityName     string     `json:"entityName"`
	Alarm          string     `json:"alarm"` // moid
	AlarmName      string     `json:"alarmName"`
	Status         string     `json:"status"` // red or yellow
	Time           time.Time  `json:"time"`
	Acknowledged   bool       `json:"acknowledged"`
	AcknowledgedBy string     `json:"acknowledgedBy"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt"`
}

// alarmRequest is the control API's "alarm": action trigger (status red or
// yellow, red by default), clear, acknowledge (with user) or rename (name).
type alarmRequest struct {
	Action string `json:"action"`
	Entity string `json:"entity"` // moid
	Alarm  string `json:"alarm"`  // moid
	Status string `json:"status"`
	User   string `json:"user"`
	Name   string `json:"name"`
}

// decorateAlarms makes the Alarm objects and triggers the alarms of the plan.
func decorateAlarms() {
	root := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content.RootFolder
	for _, d := range alarmDefs {
		a := &mo.Alarm{}
		a.Self = ref("Alarm", d.moid)
		a.Info = types.AlarmInfo{
			AlarmSpec: types.AlarmSpec{Name: d.name, Description: d.description, Enabled: true, Expression: &types.OrAlarmExpression{}},
			Key:       d.moid, Alarm: a.Self, Entity: root, LastModifiedTime: time.Now().UTC(), LastModifiedUser: "VSPHERE.LOCAL\\Administrator",
		}
		simulator.Map.Put(a)
	}

	now := time.Now().UTC().Truncate(time.Second)
	ago := func(minutes int) time.Time { return now.Add(-time.Duration(minutes) * time.Minute) }
	acked := func(s types.AlarmState, minutes int) types.AlarmState {
		t := ago(minutes)
		s.Acknowledged, s.AcknowledgedByUser, s.AcknowledgedTime = types.NewBool(true), alarmOperator, &t
		return s
	}
	triggered.Lock()
	defer triggered.Unlock()
	for _, dc := range datacenters() {
		hosts := hostsOf(dc)
		if len(hosts) > 0 {
			triggered.states = append(triggered.states, newAlarmState("alarm-1", hosts[0].Self, types.ManagedEntityStatusRed, ago(180)))
		}
		if len(hosts) > 1 {
			triggered.states = append(triggered.states, acked(newAlarmState("alarm-2", hosts[1].Self, types.ManagedEntityStatusYellow, ago(95)), 60))
		}
		i := 0
		for _, vm := range vmsOf(dc) {
			if factsOf(vm).template {
				continue
			}
			switch {
			case every(i, 6, 0):
				triggered.states = append(triggered.states, newAlarmState("alarm-4", vm.Self, types.ManagedEntityStatusYellow, ago(30+i)))
			case every(i, 6, 3):
				triggered.states = append(triggered.states, acked(newAlarmState("alarm-3", vm.Self, types.ManagedEntityStatusRed, ago(240+i)), 200))
			}
			i++
		}
		if ds := datastoresOf(dc); len(ds) > 0 {
			triggered.states = append(triggered.states, newAlarmState("alarm-5", ds[0].Self, types.ManagedEntityStatusRed, ago(1440)))
		}
		if cs := clustersOf(dc); len(cs) > 0 {
			triggered.states = append(triggered.states, newAlarmState("alarm-6", cs[0].Self, types.ManagedEntityStatusYellow, ago(50)))
		}
		triggered.states = append(triggered.states, newAlarmState("alarm-7", dc.Self, types.ManagedEntityStatusYellow, ago(2880)))
	}
	publishAlarmStates(nil)
}

func newAlarmState(alarm string, entity types.ManagedObjectReference, status types.ManagedEntityStatus, at time.Time) types.AlarmState {
	return types.AlarmState{
		Key: alarm + "." + entity.Value, Entity: entity, Alarm: ref("Alarm", alarm), OverallStatus: status, Time: at,
		Acknowledged: types.NewBool(false), Disabled: types.NewBool(false),
	}
}

// publishAlarmStates sets triggeredAlarmState on the entities of the given
// states and on their ancestors, or on every object concerned when only is nil.
// The caller holds triggered.
func publishAlarmStates(only []types.ManagedObjectReference) {
	// object → the states it shows: its own and its descendants'
	shown := map[types.ManagedObjectReference][]types.AlarmState{}
	for _, s := range triggered.states {
		for _, r := range selfAndAncestors(s.Entity) {
			shown[r] = append(shown[r], s)
		}
	}
	targets := map[types.ManagedObjectReference]bool{}
	if only == nil {
		for r := range shown {
			targets[r] = true
		}
	}
	for _, e := range only {
		for _, r := range selfAndAncestors(e) {
			targets[r] = true
		}
	}
	for r := range targets {
		obj, ok := simulator.Map.Get(r).(mo.Entity)
		if !ok {
			continue
		}
		states := append([]types.AlarmState{}, shown[r]...)
		update(obj, set("triggeredAlarmState", states))
	}
}

func selfAndAncestors(r types.ManagedObjectReference) []types.ManagedObjectReference {
	out := []types.ManagedObjectReference{r}
	for p := parentOf(r); p != nil; p = parentOf(*p) {
		out = append(out, *p)
	}
	return out
}

// changeAlarm carries out the control API's "alarm"; the caller holds simLock.
func changeAlarm(req alarmRequest) (string, error) {
	if alarmName(req.Alarm) == "" {
		return "", fmt.Errorf("no alarm %q", req.Alarm)
	}
	if req.Action == "rename" {
		if req.Name == "" {
			return "", errors.New(`rename needs a "name"`)
		}
		if a, ok := simulator.Map.Get(ref("Alarm", req.Alarm)).(*mo.Alarm); ok {
			update(a, set("info.name", req.Name))
		}
		return req.Alarm, nil
	}
	entity, ok := lookupEntity(req.Entity)
	if !ok {
		return "", fmt.Errorf("no entity %q", req.Entity)
	}
	key := req.Alarm + "." + entity.Value
	triggered.Lock()
	defer triggered.Unlock()
	index := -1
	for i, s := range triggered.states {
		if s.Key == key {
			index = i
		}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	switch req.Action {
	case "trigger":
		status := types.ManagedEntityStatusRed
		switch req.Status {
		case "", "red":
		case "yellow":
			status = types.ManagedEntityStatusYellow
		default:
			return "", errors.New(`status must be "red" or "yellow"`)
		}
		s := newAlarmState(req.Alarm, entity, status, now)
		if index >= 0 {
			triggered.states[index] = s
		} else {
			triggered.states = append(triggered.states, s)
		}
	case "clear":
		if index < 0 {
			return "", fmt.Errorf("alarm %s is not triggered on %s", req.Alarm, req.Entity)
		}
		triggered.states = append(triggered.states[:index], triggered.states[index+1:]...)
	case "acknowledge":
		if index < 0 {
			return "", fmt.Errorf("alarm %s is not triggered on %s", req.Alarm, req.Entity)
		}
		if req.User == "" {
			return "", errors.New(`acknowledge needs a "user"`)
		}
		s := &triggered.states[index]
		s.Acknowledged, s.AcknowledgedByUser, s.AcknowledgedTime = types.NewBool(true), req.User, &now
	default:
		return "", errors.New(`action must be one of "trigger", "clear", "acknowledge", "rename"`)
	}
	publishAlarmStates([]types.ManagedObjectReference{entity})
	return key, nil
}

// lookupEntity finds an inventory entity's reference by moid, whatever its type.
func lookupEntity(moid string) (types.ManagedObjectReference, bool) {
	e, err := entityByMoid(moid)
	if err != nil {
		return types.ManagedObjectReference{}, false
	}
	return e.Entity().Reference(), true
}

func alarmName(moid string) string {
	a, ok := simulator.Map.Get(ref("Alarm", moid)).(*mo.Alarm)
	if !ok {
		return ""
	}
	var name string
	withLock(a, func() { name = a.Info.Name })
	return name
}

// datacenterAlarms is the model's "alarms" of a datacenter: the alarms
// triggered on its entities that the scope sees, in the order they were triggered.
func datacenterAlarms(dc *simulator.Datacenter, s scope) []alarmJSON {
	triggered.Lock()
	states := append([]types.AlarmState{}, triggered.states...)
	triggered.Unlock()
	out := []alarmJSON{}
	for _, st := range states {
		e, ok := simulator.Map.Get(st.Entity).(mo.Entity)
		if !ok || !s.sees(st.Entity) || (st.Entity != dc.Self && datacenterOf(e) != dc) {
			continue
		}
		j := alarmJSON{
			Key: st.Key, Entity: st.Entity.Value, EntityType: st.Entity.Type, EntityName: entityName(e),
			Alarm: st.Alarm.Value, AlarmName: alarmName(st.Alarm.Value), Status: string(st.OverallStatus), Time: st.Time,
			Acknowledged: isTrue(st.Acknowledged), AcknowledgedBy: st.AcknowledgedByUser, AcknowledgedAt: st.AcknowledgedTime,
		}
		out = append(out, j)
	}
	return out
}
