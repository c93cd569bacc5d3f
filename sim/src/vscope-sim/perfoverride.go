package main

import (
	"fmt"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Performance overrides: the control API's "setPerf" fixes the samples QueryPerf
// answers for one counter of one entity, so that a test drives a metric across an
// alert threshold and back ({"setPerf": {"entity": "vm-42", "counter":
// "cpu.usage.average", "value": 9500}}; "value": null lifts it). The value is in
// the counter's own unit (cpu.usage.average in hundredths of a percent), every
// sample of the answer gets it, without the simulator's noise. A value of 0 reaches
// the client as no samples at all (see memory.go), so drive a metric down to a
// small value rather than to zero. GET /vscope/control lists the overrides set.
// "datastore" pins one datastore's instance of a host's per-datastore counter
// (perfinstance.go).

// perfPin is one counter of one entity and its fixed value.
type perfPin struct {
	Entity    string `json:"entity"`              // the moid
	Datastore string `json:"datastore,omitempty"` // one datastore's instance only (perfinstance.go)
	Counter   string `json:"counter"`             // group.name.rollup
	Value     *int64 `json:"value"`               // null lifts the override
	instance  string // the counter instance of Datastore; "" for every instance
}

// counterKeys maps group.name.rollup to the counter's key in govmomi's catalog.
var counterKeys = func() map[string]int32 {
	keys := map[string]int32{}
	for _, c := range vpx.PerfCounter {
		keys[c.GroupInfo.GetElementDescription().Key+"."+c.NameInfo.GetElementDescription().Key+"."+string(c.RollupType)] = c.Key
	}
	return keys
}()

// checkPerfOverride refuses an unknown counter or an entity that is neither a VM nor a host.
func checkPerfOverride(o *perfPin) error {
	if _, ok := counterKeys[o.Counter]; !ok {
		return fmt.Errorf("unknown counter %q", o.Counter)
	}
	if o.Datastore != "" {
		if simulator.Map.Get(types.ManagedObjectReference{Type: "HostSystem", Value: o.Entity}) == nil {
			return fmt.Errorf("no host %q (a datastore pin is of a host's per-datastore counter)", o.Entity)
		}
		var err error
		o.instance, err = datastoreInstance(o.Datastore)
		return err
	}
	for _, kind := range []string{"VirtualMachine", "HostSystem"} {
		if simulator.Map.Get(types.ManagedObjectReference{Type: kind, Value: o.Entity}) != nil {
			return nil
		}
	}
	return fmt.Errorf("no VM or host %q", o.Entity)
}

// setPerfOverride sets or lifts an override; the caller holds c.mu.
func (c *controller) setPerfOverride(o perfPin) {
	kept := c.cfg.PerfOverrides[:0]
	for _, old := range c.cfg.PerfOverrides {
		if old.Entity != o.Entity || old.Counter != o.Counter || old.Datastore != o.Datastore {
			kept = append(kept, old)
		}
	}
	if o.Value != nil {
		kept = append(kept, o)
	}
	c.cfg.PerfOverrides = kept
}

// answerPerfOverrides rewrites the overridden series of a QueryPerf answer.
func (c *controller) answerPerfOverrides(res soap.HasFault) {
	overrides := c.settings().PerfOverrides
	if len(overrides) == 0 {
		return
	}
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return
	}
	for _, base := range body.Res.Returnval {
		em, ok := base.(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		for _, o := range overrides {
			if o.Entity != em.Entity.Value {
				continue
			}
			key := counterKeys[o.Counter]
			for _, s := range em.Value {
				series, ok := s.(*types.PerfMetricIntSeries)
				if ok && series.Id.CounterId == key && (o.instance == "" || series.Id.Instance == o.instance) {
					for i := range series.Value {
						series.Value[i] = *o.Value
					}
				}
			}
		}
	}
}
