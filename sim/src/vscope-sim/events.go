package main

import (
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// vCenter's event history as vscope reads it (issue 13): one EventHistoryCollector
// per session, created with a filter (event types, a begin time), then read with
// ReadNextEvents every cycle; events posted later that match the filter join the
// collector's view at its end, so that the next ReadNextEvents returns them, oldest
// first (VMware's own vCenter event router follows vCenter's events the same way).
//
// govmomi 0.24's collector does not behave like that, so the SOAP gate answers
// CreateCollectorForEvents, ReadNextEvents and DestroyCollector from here:
//
//   - its view is a ring of the newest maxCount events, newest first, read by an
//     index that shifts with every new event: a client that polls ReadNextEvents
//     never sees an event posted after its first read;
//   - it fills that ring with the newest event followed by the oldest ones once the
//     manager holds more events than the ring;
//   - it ignores the filter's time range, and the manager keeps 1,000 events only.
//
// The events themselves are still the simulator's own (its power operations post
// them, with their messages), plus those the control API posts as a named user
// (postEvents, see eventSpec). The history below copies them from the EventManager,
// whose own memory is its last 1,000 events: before each event call, after each
// event posted through the control API, and for GET /vscope/events, which lists
// the history and which tests take their expectations from. (A collector of the
// simulator's own would be told of each event, but through a property change that
// every PropertyCollector then answers with a full read of its filters: a storm of
// events would stall WaitForUpdatesEx for minutes.)
//
// The control API's "eventsRefused" makes the event API answer NoPermission, as
// vCenter does to an account without the privilege.

// eventHistory is every event posted since the launcher started, in key order.
type eventHistory struct {
	mu     sync.Mutex
	events []types.BaseEvent
	// the key of the last event of the inventory's making, which the history leaves out
	start int32

	collectors map[string]*eventCollector // by moid
	seq        int
}

// eventCollector is one client's EventHistoryCollector: its session, its filter
// and its position (the index in events of the next event to consider).
type eventCollector struct {
	session string
	types   map[string]bool // empty: every type
	begin   *time.Time
	end     *time.Time
	next    int
}

var history = &eventHistory{collectors: map[string]*eventCollector{}}

// maxEventCollectors bounds a session's collectors, as vCenter's
// EventManager.maxCollector does: a client that never destroys its collectors
// runs into InvalidState here too.
const maxEventCollectors = 32

// installEventHistory fixes govmomi's message templates where they do not parse,
// or do not say what vCenter says, and starts the history after the inventory's
// making. Called before any client connects.
func installEventHistory() {
	em := simulator.Map.EventManager()
	withLock(em, func() {
		for i := range em.Description.EventInfo {
			info := &em.Description.EventInfo[i]
			switch info.Key {
			case "VmMigratedEvent":
				// govmomi's template lacks two closing braces: formatting one panics
				info.FullFormat = "Migration of virtual machine {{.Vm.Name}} from {{.SourceHost.Name}}, {{.SourceDatastore.Name}} to {{.Host.Name}}, {{.Ds.Name}} completed"
			case "VmReconfiguredEvent":
				// vCenter 6.7 and later say what changed (configChanges), in this layout
				info.FullFormat = "Reconfigured {{.Vm.Name}} on {{.Host.Name}} in {{.Datacenter.Name}}.  \n \nModified:  \n \n" +
					"{{with .ConfigChanges}}{{.Modified}}{{end}} \n\n Added:  \n\n{{with .ConfigChanges}}{{.Added}}{{end}} \n\n Deleted:  \n\n" +
					"{{with .ConfigChanges}}{{.Deleted}}{{end}}"
			}
		}
	})
	// govmomi powers every VM on as it builds the inventory: a flood of events of
	// the simulator's making, not of anything that happened to it
	history.sync()
	history.mu.Lock()
	if n := len(history.events); n > 0 {
		history.start = history.events[n-1].GetEvent().Key
	}
	history.events = nil
	history.mu.Unlock()
}

// sync copies the EventManager's newest events into the history: QueryEvents
// with the largest page answers its last 1,000 events (in govmomi's own order,
// hence the sort).
func (h *eventHistory) sync() {
	em := simulator.Map.EventManager()
	var page []types.BaseEvent
	withLock(em, func() {
		res := em.QueryEvents(simContext(), &types.QueryEvents{This: em.Self, Filter: types.EventFilterSpec{MaxCount: 1000}})
		if body, ok := res.(*methods.QueryEventsBody); ok && body.Res != nil {
			page = body.Res.Returnval
		}
	})
	sort.Slice(page, func(i, j int) bool { return page[i].GetEvent().Key < page[j].GetEvent().Key })
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range page {
		last := h.start
		if n := len(h.events); n > 0 {
			last = h.events[n-1].GetEvent().Key
		}
		if e.GetEvent().Key > last {
			h.events = append(h.events, e)
		}
	}
}

// after returns the events with a key above the given one, oldest first.
func (h *eventHistory) after(key int32) []types.BaseEvent {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []types.BaseEvent
	for _, e := range h.events {
		if e.GetEvent().Key > key {
			out = append(out, e)
		}
	}
	return out
}

// lastKey is the key of the newest event.
func (h *eventHistory) lastKey() int32 {
	h.sync()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.events) == 0 {
		return h.start
	}
	return h.events[len(h.events)-1].GetEvent().Key
}

// backdate moves the events after a key that far into the past.
func (h *eventHistory) backdate(after int32, d time.Duration) {
	if d == 0 {
		return
	}
	h.sync()
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range h.events {
		if ev := e.GetEvent(); ev.Key > after {
			ev.CreatedTime = ev.CreatedTime.Add(-d)
		}
	}
}

// openCollectors counts the collectors of the sessions still alive.
func (h *eventHistory) openCollectors(alive func(session string) bool) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	for moid, c := range h.collectors {
		if !alive(c.session) {
			delete(h.collectors, moid) // gone with its session, as in vCenter
		}
	}
	return len(h.collectors)
}

// serveEvents answers the event collector calls; false for other methods.
func (g *soapGate) serveEvents(w http.ResponseWriter, r *http.Request, method string, body []byte) bool {
	switch method {
	case "CreateCollectorForEvents", "ReadNextEvents", "DestroyCollector":
	default:
		return false
	}
	if !g.ctl.sessionActive(r) {
		writeFault(w, "The session is not authenticated.", &types.NotAuthenticated{
			NoPermission: types.NoPermission{Object: requestThis(body), PrivilegeId: "System.View"},
		})
		return true
	}
	req, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		writeFault(w, err.Error(), &types.InvalidRequest{})
		return true
	}
	if g.ctl.settings().EventsRefused && method != "DestroyCollector" {
		writeFault(w, "Permission to perform this operation was denied.", &types.NoPermission{Object: req.This, PrivilegeId: "System.View"})
		return true
	}
	session := requestSession(r)
	history.sync()
	switch m := req.Body.(type) {
	case *types.CreateCollectorForEvents:
		history.create(w, session, m)
	case *types.ReadNextEvents:
		history.readNext(w, session, m)
	case *types.DestroyCollector:
		history.destroy(w, session, m)
	default:
		writeFault(w, "unexpected request body", &types.InvalidRequest{})
	}
	return true
}

func (h *eventHistory) create(w http.ResponseWriter, session string, req *types.CreateCollectorForEvents) {
	spec := req.Filter
	if spec.MaxCount < 0 || spec.MaxCount > 1000 {
		writeFault(w, "", &types.InvalidArgument{InvalidProperty: "maxCount"})
		return
	}
	if spec.Entity != nil && spec.Entity.Entity != simulatorRoot() {
		writeFault(w, "this simulator filters events by type and time only", &types.NotImplemented{})
		return
	}
	c := &eventCollector{session: session, types: map[string]bool{}}
	for _, t := range spec.EventTypeId {
		c.types[t] = true
	}
	if spec.Time != nil {
		c.begin, c.end = spec.Time.BeginTime, spec.Time.EndTime
	}

	h.mu.Lock()
	open := 0
	for _, other := range h.collectors {
		if other.session == session {
			open++
		}
	}
	if open >= maxEventCollectors {
		h.mu.Unlock()
		writeFault(w, "Too many event collectors to create", &types.InvalidState{})
		return
	}
	h.seq++
	moid := "session[" + session + "]vscope-events-" + strconv.Itoa(h.seq)
	h.collectors[moid] = c
	h.mu.Unlock()

	writeEnvelope(w, http.StatusOK, &struct {
		Res *types.CreateCollectorForEventsResponse `xml:"urn:vim25 CreateCollectorForEventsResponse"`
	}{&types.CreateCollectorForEventsResponse{Returnval: ref("EventHistoryCollector", moid)}})
}

// collector returns the session's collector, or answers ManagedObjectNotFound:
// collectors live in the session that created them, as in vCenter.
func (h *eventHistory) collector(w http.ResponseWriter, session string, this types.ManagedObjectReference) *eventCollector {
	c, ok := h.collectors[this.Value]
	if !ok || c.session != session || this.Type != "EventHistoryCollector" {
		writeFault(w, "The object has already been deleted or has not been completely created", &types.ManagedObjectNotFound{Obj: this})
		return nil
	}
	return c
}

func (h *eventHistory) readNext(w http.ResponseWriter, session string, req *types.ReadNextEvents) {
	if req.MaxCount <= 0 {
		writeFault(w, "", &types.InvalidArgument{InvalidProperty: "maxCount"})
		return
	}
	h.mu.Lock()
	c := h.collector(w, session, req.This)
	if c == nil {
		h.mu.Unlock()
		return
	}
	var page []types.BaseEvent
	for c.next < len(h.events) && len(page) < int(req.MaxCount) {
		e := h.events[c.next]
		c.next++
		if c.matches(e) {
			page = append(page, e)
		}
	}
	h.mu.Unlock()
	writeEnvelope(w, http.StatusOK, &struct {
		Res *types.ReadNextEventsResponse `xml:"urn:vim25 ReadNextEventsResponse"`
	}{&types.ReadNextEventsResponse{Returnval: page}})
}

func (h *eventHistory) destroy(w http.ResponseWriter, session string, req *types.DestroyCollector) {
	h.mu.Lock()
	c := h.collector(w, session, req.This)
	if c != nil {
		delete(h.collectors, req.This.Value)
	}
	h.mu.Unlock()
	if c != nil {
		writeEnvelope(w, http.StatusOK, &struct {
			Res *types.DestroyCollectorResponse `xml:"urn:vim25 DestroyCollectorResponse"`
		}{&types.DestroyCollectorResponse{}})
	}
}

// matches applies the filter: the event's type (an EventEx by its eventTypeId, as
// vCenter does) and its creation time.
func (c *eventCollector) matches(e types.BaseEvent) bool {
	if len(c.types) > 0 && !c.types[eventTypeName(e)] {
		return false
	}
	t := e.GetEvent().CreatedTime
	if c.begin != nil && t.Before(*c.begin) {
		return false
	}
	return c.end == nil || !t.After(*c.end)
}

// eventTypeName is what an EventFilterSpec's eventTypeId names: the data object's
// type, or an EventEx's own eventTypeId.
func eventTypeName(e types.BaseEvent) string {
	if ex, ok := e.(*types.EventEx); ok {
		return ex.EventTypeId
	}
	return reflect.TypeOf(e).Elem().Name()
}

func simulatorRoot() types.ManagedObjectReference {
	return simulator.Map.Get(ref("ServiceInstance", "ServiceInstance")).(*simulator.ServiceInstance).Content.RootFolder
}
