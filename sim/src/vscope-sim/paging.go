package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// The PropertyCollector's page limits, which govmomi 0.24 ignores: its
// WaitForUpdatesEx answers everything at once (41,000 VMs: over 64 MB), and its
// RetrievePropertiesEx never hands out a token (nor implements
// ContinueRetrievePropertiesEx). As vCenter does it:
//
//   - WaitOptions.maxObjectUpdates: an answer holds at most that many
//     ObjectUpdates, with truncated=true and a "truncated data version" that
//     fetches the next part; the last part has truncated unset and the version to
//     wait from. A truncated version can be used once (vSphere API reference,
//     UpdateSet.truncated); a real vCenter 5.5 answer of that kind is recorded in
//     vscope's fixtures (version "0_1", then "1").
//   - RetrieveOptions.maxObjects: at most that many ObjectContents, with a token
//     for ContinueRetrievePropertiesEx; CancelRetrievePropertiesEx drops it.
//
// The parts are cut from the answer govmomi computes whole (already filtered by
// the user's scope, see restricted.go), so the later parts show the objects as
// they were at the first call: a real vCenter computes them as it goes, which a
// client cannot tell from this. Unset (0) means no limit; a negative limit is
// InvalidArgument, as the reference says.
//
// The control API's "ignorePageLimits" turns all of this off again, to test
// clients against a vCenter that answers whole whatever they ask.

// pageLimitsIgnored is the "ignorePageLimits" setting. Global, not on the
// controller: govmomi makes each session's collector with reflect.New, so the
// collector cannot be handed the controller.
var pageLimitsIgnored int32

func setPageLimitsIgnored(on bool) {
	v := int32(0)
	if on {
		v = 1
	}
	atomic.StoreInt32(&pageLimitsIgnored, v)
}

func pageLimitsHonoured() bool { return atomic.LoadInt32(&pageLimitsIgnored) == 0 }

// pager holds one PropertyCollector's unfinished pages. Its zero value is ready
// (it lives in restrictedCollector, which govmomi makes with reflect.New).
type pager struct {
	mu sync.Mutex

	// WaitForUpdatesEx: the parts not delivered yet, the version that fetches
	// the next one, and the version the whole update set leads to.
	updateSeq   int
	part        int
	nextVersion string
	finalVer    string
	pending     []types.PropertyFilterUpdate

	// RetrievePropertiesEx: the objects left per token.
	tokenSeq int
	tokens   map[string]retrieveRest
}

type retrieveRest struct {
	objects []types.ObjectContent
	max     int
}

// updateLimit is the maxObjectUpdates to apply: 0 for none.
func updateLimit(o *types.WaitOptions) (int, *soap.Fault) {
	if o == nil {
		return 0, nil
	}
	if o.MaxObjectUpdates < 0 {
		return 0, invalidArgument("maxObjectUpdates")
	}
	if !pageLimitsHonoured() {
		return 0, nil
	}
	return int(o.MaxObjectUpdates), nil
}

func retrieveLimit(o types.RetrieveOptions) (int, *soap.Fault) {
	if o.MaxObjects < 0 {
		return 0, invalidArgument("options.maxObjects")
	}
	if !pageLimitsHonoured() {
		return 0, nil
	}
	return int(o.MaxObjects), nil
}

func invalidArgument(property string) *soap.Fault {
	return simulator.Fault("A specified parameter was not correct: "+property, &types.InvalidArgument{InvalidProperty: property})
}

// restOfUpdates answers a WaitForUpdatesEx that continues a truncated update set.
// ok is false when the call is not such a continuation and must be computed:
// nothing is pending, or the client starts over with version "" (which drops
// what was pending). Any other version while parts are pending, and a truncated
// version ("N_M") used a second time, is InvalidCollectorVersion, as in vCenter.
func (p *pager) restOfUpdates(version string, limit int) (res soap.HasFault, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.pending != nil && version == p.nextVersion:
		set := p.takeUpdates(limit)
		return &methods.WaitForUpdatesExBody{Res: &types.WaitForUpdatesExResponse{Returnval: set}}, true
	case version == "":
		p.pending = nil
		return nil, false
	case p.pending != nil || strings.Contains(version, "_"):
		p.pending = nil
		return &methods.WaitForUpdatesExBody{
			Fault_: simulator.Fault("The version "+version+" is not valid", &types.InvalidCollectorVersion{}),
		}, true
	}
	return nil, false
}

// splitUpdates gives the computed answer its version and, beyond limit object
// updates, cuts it: the first part is answered, the rest kept for the next calls.
func (p *pager) splitUpdates(res soap.HasFault, limit int) soap.HasFault {
	body, ok := res.(*methods.WaitForUpdatesExBody)
	if !ok || body.Res == nil || body.Res.Returnval == nil {
		return res // a fault, or nothing changed within maxWaitSeconds
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.updateSeq++
	p.part = 0
	p.finalVer = strconv.Itoa(p.updateSeq)
	p.pending = body.Res.Returnval.FilterSet
	body.Res.Returnval = p.takeUpdates(limit)
	return body
}

// takeUpdates takes at most limit (0: all) object updates off the pending sets.
// A filter's missingSet goes with its first part.
func (p *pager) takeUpdates(limit int) *types.UpdateSet {
	set := &types.UpdateSet{}
	left := limit
	for len(p.pending) > 0 && (limit == 0 || left > 0) {
		fu := &p.pending[0]
		n := len(fu.ObjectSet)
		if limit != 0 && n > left {
			n = left
		}
		set.FilterSet = append(set.FilterSet, types.PropertyFilterUpdate{
			Filter: fu.Filter, ObjectSet: fu.ObjectSet[:n], MissingSet: fu.MissingSet,
		})
		fu.ObjectSet = fu.ObjectSet[n:]
		fu.MissingSet = nil
		left -= n
		if len(fu.ObjectSet) == 0 {
			p.pending = p.pending[1:]
		}
	}
	if len(p.pending) == 0 {
		p.pending = nil
		p.nextVersion = ""
		set.Version = p.finalVer
		return set
	}
	p.part++
	p.nextVersion = fmt.Sprintf("%d_%d", p.updateSeq, p.part)
	set.Version = p.nextVersion
	truncated := true
	set.Truncated = &truncated
	return set
}

// firstPage cuts a RetrievePropertiesEx result to max objects; the rest waits
// behind the result's token.
func (p *pager) firstPage(result *types.RetrieveResult, max int) {
	if max == 0 || len(result.Objects) <= max {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tokens == nil {
		p.tokens = make(map[string]retrieveRest)
	}
	p.tokenSeq++
	token := strconv.Itoa(p.tokenSeq)
	p.tokens[token] = retrieveRest{objects: result.Objects[max:], max: max}
	result.Objects = result.Objects[:max]
	result.Token = token
}

// nextPage is ContinueRetrievePropertiesEx: the next page behind token, which
// stays valid while objects remain.
func (p *pager) nextPage(token string) (*types.RetrieveResult, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rest, ok := p.tokens[token]
	if !ok {
		return nil, false
	}
	delete(p.tokens, token)
	max := rest.max
	if !pageLimitsHonoured() {
		max = len(rest.objects)
	}
	if len(rest.objects) <= max {
		return &types.RetrieveResult{Objects: rest.objects}, true
	}
	p.tokens[token] = retrieveRest{objects: rest.objects[max:], max: rest.max}
	return &types.RetrieveResult{Objects: rest.objects[:max], Token: token}, true
}

func (p *pager) cancel(token string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.tokens, token)
}
