package main

import (
	"bytes"
	"encoding/xml"
	"io/ioutil"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// soapGate wraps the simulator's SOAP endpoint with the behaviour the control API
// injects (delay, hostile responses, maxQueryMetrics, clock offset for
// CurrentTime), with the authentication checks govmomi 0.24 skips (Login's
// credentials, sessions for RetrieveProperties*) and with a guard that turns
// the simulator's panics into SOAP faults.
type soapGate struct {
	next  http.Handler
	ctl   *controller
	trace bool
}

func (g *soapGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := ioutil.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = ioutil.NopCloser(bytes.NewReader(body))
	method := soapMethod(body)

	cfg := g.ctl.settings()
	if cfg.DelayMs > 0 {
		time.Sleep(time.Duration(cfg.DelayMs) * time.Millisecond)
	}

	if kind := g.ctl.takeHostile(); kind != "" {
		if g.trace {
			log.Printf("SOAP %s -> hostile %q", method, kind)
		}
		g.serveHostile(w, r, kind, method, body)
		return
	}
	if g.trace {
		log.Printf("SOAP %s", method)
	}

	if g.serveEvents(w, r, method, body) { // events.go
		return
	}
	switch method {
	case "RetrieveProperties", "RetrievePropertiesEx":
		// govmomi lets these through without a session; real vCenter answers
		// NotAuthenticated, which is what clients rely on to notice a lost session.
		if !g.ctl.sessionActive(r) {
			writeFault(w, "The session is not authenticated.", &types.NotAuthenticated{
				NoPermission: types.NoPermission{Object: requestThis(body), PrivilegeId: "System.View"},
			})
			return
		}
	case "QueryPerf":
		// Unauthenticated calls fall through to the simulator's NotAuthenticated.
		if max := cfg.MaxQueryMetrics; max > 0 && queryPerfMetricCount(body) > max && g.ctl.sessionActive(r) {
			writeFault(w, "A specified parameter was not correct: querySpec.size (vpxd.stats.maxQueryMetrics exceeded)",
				&types.InvalidArgument{InvalidProperty: "querySpec.size"})
			return
		}
	}

	rec := g.callSimulator(r, method, body)
	copyResponse(w, rec)
}

// longPollMethods may wait for minutes; holding simLock meanwhile would also
// stop the changes they wait for.
var longPollMethods = map[string]bool{"WaitForUpdates": true, "WaitForUpdatesEx": true}

// callSimulator runs the call under simLock (see registry.go) into a buffer, so
// the lock is not held while a possibly slow client reads the answer. A panic in
// the simulator is answered with a fault (see panics.go), not a dropped connection.
func (g *soapGate) callSimulator(r *http.Request, method string, body []byte) (rec *httptest.ResponseRecorder) {
	rec = httptest.NewRecorder()
	// The simulator accepts any non-empty credentials (see users.go).
	if method == "Login" && !perms.loginAllowed(body) {
		writeFault(rec, "Login failure", &types.InvalidLogin{})
		return rec
	}

	if !longPollMethods[method] {
		simLock.Lock()
		defer simLock.Unlock() // deferred first, so it runs after the recover below
	}
	defer func() {
		if p := recover(); p != nil {
			rec = panicFault(method, p)
		}
	}()
	g.next.ServeHTTP(rec, r)
	g.ctl.rememberSessions(rec.Header())
	if method == "CurrentTime" && rec.Code == http.StatusOK {
		rec = currentTimeAnswer(g.ctl.now()) // see clock.go
	}
	return rec
}

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(rec.Body.Len()))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// serveHostile answers with the requested kind of malicious or broken XML instead
// of the real response.
func (g *soapGate) serveHostile(w http.ResponseWriter, r *http.Request, kind, method string, body []byte) {
	if kind == "truncated" {
		// Run the real call (side effects included, as on a real server whose
		// connection breaks) and deliver only the first half of its response.
		rec := g.callSimulator(r, method, body)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		full := rec.Body.Bytes()
		writeHostileHeader(w)
		_, _ = w.Write(full[:len(full)/2])
		return
	}

	writeHostileHeader(w)
	writeHostileBody(w, kind, method)
}

// soapMethod returns the local name of the first element inside the SOAP Body, or
// "" when the request is not a SOAP envelope.
func soapMethod(body []byte) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	inBody := false
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			if inBody {
				return se.Name.Local
			}
			inBody = se.Name.Local == "Body"
		}
	}
}

// requestThis extracts the request's _this reference, for fault details.
func requestThis(body []byte) types.ManagedObjectReference {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return types.ManagedObjectReference{}
	}
	return m.This
}

// queryPerfMetricCount counts what vpxd.stats.maxQueryMetrics limits: metric ids
// summed over all query specs, a spec without explicit ids counting as one.
func queryPerfMetricCount(body []byte) int {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return 0
	}
	req, ok := m.Body.(*types.QueryPerf)
	if !ok {
		return 0
	}
	n := 0
	for _, spec := range req.QuerySpec {
		if len(spec.MetricId) == 0 {
			n++
		} else {
			n += len(spec.MetricId)
		}
	}
	return n
}

// sessionCookies returns the SOAP session keys a response hands out.
func sessionCookies(h http.Header) []string {
	var keys []string
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == soap.SessionCookieName && c.Value != "" {
			keys = append(keys, c.Value)
		}
	}
	return keys
}

func requestSession(r *http.Request) string {
	if c, err := r.Cookie(soap.SessionCookieName); err == nil {
		return c.Value
	}
	return ""
}
