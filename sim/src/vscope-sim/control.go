package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/types"
)

// settings is the fault-injection state; it is also what GET /vscope/control returns.
type settings struct {
	DelayMs            int        `json:"delayMs"`
	Down               bool       `json:"down"`
	MaxQueryMetrics    int        `json:"maxQueryMetrics"`
	Hostile            string     `json:"hostile"`
	ClockOffsetSeconds int64      `json:"clockOffsetSeconds"` // see clock.go
	Users              []userSpec `json:"users"`              // see users.go
	IgnorePageLimits   bool       `json:"ignorePageLimits"`   // see paging.go
	EventsRefused      bool       `json:"eventsRefused"`      // see events.go
	PerfOverrides      []perfPin  `json:"perfOverrides"`      // see perfoverride.go
}

// controlRequest is the body of POST /vscope/control. Pointers tell "absent" from
// "zero": a call changes only the fields it names.
type controlRequest struct {
	DelayMs            *int        `json:"delayMs"`
	DropSessions       *bool       `json:"dropSessions"`
	Down               *bool       `json:"down"`
	MaxQueryMetrics    *int        `json:"maxQueryMetrics"`
	Hostile            *string     `json:"hostile"`
	ClockOffsetSeconds *int64      `json:"clockOffsetSeconds"` // sets the offset, does not add to it
	Users              *[]userSpec `json:"users"`              // replaces the list; [] removes all users
	IgnorePageLimits   *bool       `json:"ignorePageLimits"`   // answer whole, whatever maxObjects/maxObjectUpdates say
	EventsRefused      *bool       `json:"eventsRefused"`      // the event API answers NoPermission (events.go)
	PostEvents         []eventSpec `json:"postEvents"`         // events as a named user causes them (eventposts.go)
	RenameVM           *struct {
		Moid string `json:"moid"`
		Name string `json:"name"`
	} `json:"renameVm"`
	DestroyVM *string `json:"destroyVm"`
	CreateVM  *struct {
		Name string `json:"name"`
		Host string `json:"host"`
	} `json:"createVm"`
	MigrateVM *struct {
		Moid string `json:"moid"`
		Host string `json:"host"`
	} `json:"migrateVm"`
	Maintenance *struct {
		Host string `json:"host"`
		On   *bool  `json:"on"`
	} `json:"maintenance"`
	Alarm       *alarmRequest `json:"alarm"`       // see alarms.go
	SetPerf     *perfPin      `json:"setPerf"`     // see perfoverride.go
	ClusterLoad *clusterLoad  `json:"clusterLoad"` // see clusterload.go
}

type controller struct {
	inv      *inventory
	username string

	mu       sync.Mutex
	cfg      settings
	sessions map[string]bool // SOAP session keys handed out, for dropSessions
}

func newController(inv *inventory, username string) *controller {
	c := &controller{inv: inv, username: username, sessions: make(map[string]bool)}
	c.cfg.Users = []userSpec{}
	c.cfg.PerfOverrides = []perfPin{}
	return c
}

func (c *controller) settings() settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg
}

// takeHostile returns the pending hostile kind and clears it: it hits one call only.
func (c *controller) takeHostile() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	kind := c.cfg.Hostile
	c.cfg.Hostile = ""
	return kind
}

func (c *controller) rememberSessions(h http.Header) {
	keys := sessionCookies(h)
	if len(keys) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		c.sessions[k] = true
	}
}

// sessionActive tells whether the request carries the cookie of a live session
// (of the administrator or of one of the users, see users.go).
func (c *controller) sessionActive(r *http.Request) bool {
	key := requestSession(r)
	if key == "" {
		return false
	}
	for _, user := range append([]string{c.username}, perms.userNames()...) {
		if sessionOf(key, user) {
			return true
		}
	}
	return false
}

// sessionOf tells whether key is a live session of user (SessionIsActive wants
// both).
func sessionOf(key, user string) bool {
	sm := simulator.Map.SessionManager()
	res := sm.SessionIsActive(simContext(), &types.SessionIsActive{This: sm.Self, SessionID: key, UserName: user})
	body, ok := res.(*methods.SessionIsActiveBody)
	return ok && body.Res != nil && body.Res.Returnval
}

// dropSessions terminates every session we have seen, as a vCenter restart would.
func (c *controller) dropSessions() {
	c.mu.Lock()
	keys := make([]string, 0, len(c.sessions))
	for k := range c.sessions {
		keys = append(keys, k)
	}
	c.sessions = make(map[string]bool)
	c.mu.Unlock()

	for _, k := range keys {
		terminateSession(k)
	}
}

// endSessionsOf terminates the sessions of users removed from the "users" list,
// as deleting a user does in vCenter.
func (c *controller) endSessionsOf(users []string) {
	c.mu.Lock()
	var keys []string
	for k := range c.sessions {
		for _, u := range users {
			if sessionOf(k, u) {
				keys = append(keys, k)
				delete(c.sessions, k)
			}
		}
	}
	c.mu.Unlock()

	for _, k := range keys {
		terminateSession(k)
	}
}

func terminateSession(key string) {
	sm := simulator.Map.SessionManager()
	ctx := simContext()
	ctx.Session = &simulator.Session{UserSession: types.UserSession{Key: "vscope-control"}}
	// One id per call: TerminateSession stops at the first unknown (e.g. logged out) id.
	sm.TerminateSession(ctx, &types.TerminateSession{This: sm.Self, SessionId: []string{key}})
}

func (c *controller) serveControl(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, c.settings())
	case http.MethodPost:
		var req controlRequest
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields() // a typo must fail loudly, not be silently ignored
		if err := dec.Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad request body: " + err.Error()})
			return
		}
		res, err := c.apply(r.Context(), &req)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, res)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use GET or POST"})
	}
}

// apply validates the whole request before changing anything, then applies the
// settings and finally the inventory changes (which may still fail individually).
func (c *controller) apply(ctx context.Context, req *controlRequest) (map[string]string, error) {
	if req.DelayMs != nil && *req.DelayMs < 0 {
		return nil, errors.New("delayMs must be >= 0")
	}
	if req.MaxQueryMetrics != nil && *req.MaxQueryMetrics < 0 {
		return nil, errors.New("maxQueryMetrics must be >= 0")
	}
	if req.Hostile != nil && !hostileKinds[*req.Hostile] {
		return nil, fmt.Errorf("hostile must be one of %q", sortedKeys(hostileKinds))
	}
	if req.Maintenance != nil && req.Maintenance.On == nil {
		return nil, errors.New(`maintenance needs "on": true|false`)
	}
	for i, e := range req.PostEvents {
		if err := e.validate(); err != nil {
			return nil, fmt.Errorf("postEvents[%d]: %w", i, err)
		}
	}
	if req.SetPerf != nil {
		if err := checkPerfOverride(req.SetPerf); err != nil {
			return nil, fmt.Errorf("setPerf: %w", err)
		}
	}
	if req.ClusterLoad != nil {
		if err := checkClusterLoad(req.ClusterLoad); err != nil {
			return nil, fmt.Errorf("clusterLoad: %w", err)
		}
	}
	var users map[string]restrictedUser
	var removedUsers []string
	if req.Users != nil {
		var err error
		if users, err = resolveUsers(*req.Users, c.username); err != nil {
			return nil, fmt.Errorf("users: %w", err)
		}
		for _, name := range perms.userNames() {
			if _, kept := users[name]; !kept {
				removedUsers = append(removedUsers, name)
			}
		}
	}

	c.mu.Lock()
	if req.DelayMs != nil {
		c.cfg.DelayMs = *req.DelayMs
	}
	if req.Down != nil {
		c.cfg.Down = *req.Down
	}
	if req.MaxQueryMetrics != nil {
		c.cfg.MaxQueryMetrics = *req.MaxQueryMetrics
	}
	if req.Hostile != nil {
		c.cfg.Hostile = *req.Hostile
	}
	if req.ClockOffsetSeconds != nil {
		c.cfg.ClockOffsetSeconds = *req.ClockOffsetSeconds
	}
	if req.IgnorePageLimits != nil {
		c.cfg.IgnorePageLimits = *req.IgnorePageLimits
		setPageLimitsIgnored(*req.IgnorePageLimits)
	}
	if req.EventsRefused != nil {
		c.cfg.EventsRefused = *req.EventsRefused
	}
	if req.SetPerf != nil {
		c.setPerfOverride(*req.SetPerf)
	}
	if req.Users != nil {
		c.cfg.Users = make([]userSpec, len(*req.Users))
		for i, u := range *req.Users {
			if u.See == nil {
				u.See = []string{}
			}
			c.cfg.Users[i] = u
		}
		perms.setUsers(users)
	}
	c.mu.Unlock()

	if req.MaxQueryMetrics != nil {
		setMaxQueryMetricsOption(*req.MaxQueryMetrics)
	}
	// Inventory changes and session drops must not interleave with SOAP calls.
	simLock.Lock()
	defer simLock.Unlock()

	if req.DropSessions != nil && *req.DropSessions {
		c.dropSessions()
	}
	c.endSessionsOf(removedUsers)

	res := map[string]string{}
	if r := req.RenameVM; r != nil {
		if err := c.inv.renameVM(ctx, r.Moid, r.Name); err != nil {
			return nil, fmt.Errorf("renameVm: %w", err)
		}
	}
	if r := req.MigrateVM; r != nil {
		if err := c.inv.migrateVM(ctx, r.Moid, r.Host); err != nil {
			return nil, fmt.Errorf("migrateVm: %w", err)
		}
	}
	if r := req.Maintenance; r != nil {
		if err := c.inv.setMaintenance(ctx, r.Host, *r.On); err != nil {
			return nil, fmt.Errorf("maintenance: %w", err)
		}
	}
	if r := req.ClusterLoad; r != nil {
		if err := setClusterLoad(*r); err != nil {
			return nil, fmt.Errorf("clusterLoad: %w", err)
		}
	}
	if r := req.CreateVM; r != nil {
		moid, err := c.inv.createVM(ctx, r.Name, r.Host)
		if err != nil {
			return nil, fmt.Errorf("createVm: %w", err)
		}
		res["moid"] = moid
	}
	if req.Alarm != nil {
		key, err := changeAlarm(*req.Alarm)
		if err != nil {
			return nil, fmt.Errorf("alarm: %w", err)
		}
		res["key"] = key
	}
	if req.DestroyVM != nil {
		if err := c.inv.destroyVM(ctx, *req.DestroyVM); err != nil {
			return nil, fmt.Errorf("destroyVm: %w", err)
		}
	}
	if len(req.PostEvents) > 0 {
		keys, err := c.inv.postEvents(ctx, req.PostEvents)
		if err != nil {
			return nil, err
		}
		res["eventKeys"] = keys
	}
	return res, nil
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// simContext is the context for calling simulator methods directly (not via SOAP).
func simContext() *simulator.Context {
	return &simulator.Context{Context: context.Background(), Map: simulator.Map}
}

// maxQueryMetricsKeys: vscope reads "vpxd.stats.maxQueryMetrics"; real vCenter
// lists the advanced setting as "config.vpxd.stats.maxQueryMetrics". Both are kept equal.
var maxQueryMetricsKeys = []string{"vpxd.stats.maxQueryMetrics", "config.vpxd.stats.maxQueryMetrics"}

// setMaxQueryMetricsOption publishes the QueryPerf limit in the vCenter settings
// (OptionManager.QueryOptions). 0 means "not enforced"; the setting then shows 256,
// a limit large enough never to matter for vscope.
func setMaxQueryMetricsOption(n int) {
	value := int32(n)
	if n == 0 {
		value = 256
	}
	om := simulator.Map.OptionManager()
	simulator.Map.WithLock(om, func() {
		for _, key := range maxQueryMetricsKeys {
			found := false
			for _, s := range om.Setting {
				if opt := s.GetOptionValue(); opt.Key == key {
					opt.Value = value
					found = true
				}
			}
			if !found {
				om.Setting = append(om.Setting, &types.OptionValue{Key: key, Value: value})
			}
		}
	})
}
