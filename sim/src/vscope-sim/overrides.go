package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
)

// installOverrides replaces some of govmomi's managed objects in the registry by
// types that embed them and override methods (govmomi's documented way of
// extending the simulator, see its example_extend_test.go):
//
//	PropertyCollector  restrictedCollector   users' scopes (restricted.go)
//	ViewManager        restrictedViewManager users' scopes (restricted.go)
//	PerformanceManager clockedPerfManager    clockOffsetSeconds (clock.go)
//
// The replacements embed govmomi's types by value, because the
// PropertyCollector's reflection needs the mo type in the first field: the
// managers as copies of the originals, taken before any client connects, the
// PropertyCollector as a new one (govmomi makes one per session anyway). Objects that govmomi type-asserts, such as ServiceInstance
// and SessionManager, cannot be replaced; the SOAP gate covers those cases.
func installOverrides(ctl *controller) {
	content := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content

	simulator.Map.Put(newRestrictedCollector(content.PropertyCollector))

	vm := simulator.Map.Get(*content.ViewManager).(*simulator.ViewManager)
	simulator.Map.Put(&restrictedViewManager{ViewManager: *vm})

	pm := simulator.Map.Get(*content.PerfManager).(*simulator.PerformanceManager)
	simulator.Map.Put(&clockedPerfManager{PerformanceManager: *pm, ctl: ctl})

	simulator.Map.AddHandler(inventoryChanges)
	installEventHistory() // events.go
}
