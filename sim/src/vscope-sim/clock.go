package main

import (
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// The control API's clockOffsetSeconds moves the simulator's "now" for what a
// client derives times from: CurrentTime and the performance samples of QueryPerf
// calls without an end time. Tests use it to let time pass (e.g. an outage of ten
// minutes) without waiting. Everything else (task and event times, …) keeps the
// real clock.

// now is the simulator's clock: real time plus the control API's offset.
func (c *controller) now() time.Time {
	return time.Now().Add(time.Duration(c.settings().ClockOffsetSeconds) * time.Second)
}

// currentTimeAnswer is the response to ServiceInstance.CurrentTime. The gate
// writes it in place of the simulator's answer (once the simulator has accepted
// the call, so authentication works as usual): ServiceInstance cannot be
// replaced in the registry, govmomi type-asserts it.
func currentTimeAnswer(now time.Time) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	writeEnvelope(rec, http.StatusOK, &struct {
		Res *types.CurrentTimeResponse `xml:"urn:vim25 CurrentTimeResponse"`
	}{&types.CurrentTimeResponse{Returnval: now}})
	return rec
}

// clockedPerfManager replaces the PerformanceManager in the registry (see
// overrides.go). It embeds the original by value: the PropertyCollector digs the
// mo.PerformanceManager out of the first field, which must not be a pointer.
type clockedPerfManager struct {
	simulator.PerformanceManager
	ctl *controller
}

// QueryPerf answers specs without an end time as if they ended at the shifted
// "now" (govmomi uses time.Now() and generates the samples backwards from the
// end time). Like ESXi, whose realtime samples fall on 20 s boundaries, the end
// is rounded down to one, so that samples of successive queries line up.
func (m *clockedPerfManager) QueryPerf(ctx *simulator.Context, req *types.QueryPerf) soap.HasFault {
	now := m.ctl.now().Truncate(20 * time.Second)
	shifted := *req
	shifted.QuerySpec = append([]types.PerfQuerySpec(nil), req.QuerySpec...)
	for i := range shifted.QuerySpec {
		qs := &shifted.QuerySpec[i]
		end := now
		if qs.EndTime == nil {
			qs.EndTime = &end
		} else {
			end = *qs.EndTime
		}
		if qs.StartTime != nil && !qs.StartTime.Before(end) {
			// Nothing after the start time yet (e.g. the clock was set back):
			// govmomi would compute a negative sample count and panic.
			// MaxSample 0 makes it answer the entity without samples.
			start := end
			qs.StartTime, qs.MaxSample = &start, 0
		}
	}
	res := m.PerformanceManager.QueryPerf(ctx, &shifted)
	answerMemoryPressure(res)
	answerCPUReady(res)
	m.ctl.answerPerfOverrides(res) // see perfoverride.go
	return res
}
