package main

import (
	"bytes"
	"encoding/xml"
	"io/ioutil"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// soapGate wraps the simulator's SOAP endpoint with the behaviour the control API
// injects (delay, hostile responses, maxQueryMetrics) and with the authentication
// check govmomi 0.24 skips for RetrieveProperties*.
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
		g.serveHostile(w, r, kind, method)
		return
	}
	if g.trace {
		log.Printf("SOAP %s", method)
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

	if !longPoll[method] {
		simLock.Lock()
		defer simLock.Unlock()
	}
	g.next.ServeHTTP(w, r)
	g.ctl.rememberSessions(w.Header())
}

// longPoll methods may wait for minutes; holding simLock meanwhile would stop the
// changes they wait for.
var longPoll = map[string]bool{"WaitForUpdates": true, "WaitForUpdatesEx": true}

// serveHostile answers with the requested kind of malicious or broken XML instead
// of the real response.
func (g *soapGate) serveHostile(w http.ResponseWriter, r *http.Request, kind, method string) {
	if kind == "truncated" {
		// Run the real call (side effects included, as on a real server whose
		// connection breaks) and deliver only the first half of its response.
		rec := httptest.NewRecorder()
		simLock.Lock()
		g.next.ServeHTTP(rec, r)
		simLock.Unlock()
		g.ctl.rememberSessions(rec.Header())
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
