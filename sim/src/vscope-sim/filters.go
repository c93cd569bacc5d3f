package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// CreateFilter: in vCenter, a filter created after the first WaitForUpdatesEx
// reports its objects (kind "enter") at the next call. govmomi 0.24 computes new
// filters' contents only when some object changes: a call with maxWaitSeconds 0
// and nothing changed answers nothing, and a client that follows objects by name
// (vscope follows the VMs with snapshots and the triggered alarms so, issue 13)
// would never get their values. Telling the collector that something changed
// makes its next WaitForUpdatesEx compute every filter's contents, which the
// filters created earlier have already reported, so only the new one answers.
func (pc *restrictedCollector) CreateFilter(ctx *simulator.Context, c *types.CreateFilter) soap.HasFault {
	res := pc.PropertyCollector.CreateFilter(ctx, c)
	pc.PropertyCollector.UpdateObject(&pc.PropertyCollector, nil)
	return res
}
