package main

import (
	"fmt"
	"log"
	"net/http/httptest"
	"runtime"
	"strings"

	"github.com/vmware/govmomi/vim25/types"
)

// govmomi 0.24's simulator has a few panics, and net/http answers a handler's
// panic by dropping the connection. The best known one hits WaitForUpdatesEx when
// one batch of updates holds a Modify of an object followed by its Leave (e.g. the
// destroyVm control powering a VM off and destroying it): PropertyFilter.matches
// looks the deleted object up and panics ("reflect: call of reflect.Value.Elem on
// zero Value"). The updates taken from the collector are lost by then, so the
// client must not just retry: it is told to start over, as vCenter would.

// panicFault turns a panic in a SOAP call into the fault the client gets instead:
// InvalidCollectorVersion (read the inventory again) for long polls, after whose
// panic the client's view of the inventory is unknown, and SystemError for
// everything else. It logs the panic once, with where it happened.
func panicFault(method string, p interface{}) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	if longPollMethods[method] {
		log.Printf("SOAP %s panicked (%v at %s); answering InvalidCollectorVersion", method, p, panicSite())
		writeFault(rec, "The collector version is no longer valid; read the inventory again", &types.InvalidCollectorVersion{})
		return rec
	}
	msg := fmt.Sprint(p)
	log.Printf("SOAP %s panicked (%s at %s); answering SystemError", method, msg, panicSite())
	writeFault(rec, msg, &types.SystemError{Reason: msg})
	return rec
}

// panicSite tells where the panic happened: the innermost two frames of the
// panicking goroutine outside the Go runtime and reflect (those only report
// what their caller got wrong). Called from a deferred recover, the panicking
// frames are still on the stack.
func panicSite() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	var sites []string
	afterPanic := false
	for len(sites) < 2 {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			afterPanic = true
		case afterPanic && !strings.HasPrefix(f.Function, "runtime.") && !strings.HasPrefix(f.Function, "reflect."):
			sites = append(sites, fmt.Sprintf("%s:%d", shortPath(f.File), f.Line))
		}
		if !more {
			break
		}
	}
	if len(sites) == 0 {
		return "unknown location"
	}
	return strings.Join(sites, " called from ")
}

// shortPath keeps the last two path elements, e.g. simulator/property_filter.go.
func shortPath(file string) string {
	parts := strings.Split(file, "/")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return strings.Join(parts, "/")
}
