package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Memory pressure. govmomi's sample data for mem.vmmemctl, mem.swapped and
// mem.compressed is all zeros, whatever the VM. On ESXi these counters are the
// same figures as the VM's quick stats (balloonedMemory and swappedMemory in MB,
// compressedMemory in KB), and a host's are the sum over its running VMs. So
// QueryPerf answers them from the quick stats that vms.go gives some VMs, as a
// constant series without noise: a test can expect exact values from the model.
// A zero series reaches the client as no samples at all (encoding/xml applies the
// series' omitempty to each element), so only the VMs under pressure have history.

// memoryPressure is one entity's ballooned, swapped and compressed memory in KB,
// the unit of the counters.
type memoryPressure struct {
	BalloonedKB  int64 `json:"balloonedKB"`
	SwappedKB    int64 `json:"swappedKB"`
	CompressedKB int64 `json:"compressedKB"`
}

func (m *memoryPressure) add(o memoryPressure) {
	m.BalloonedKB += o.BalloonedKB
	m.SwappedKB += o.SwappedKB
	m.CompressedKB += o.CompressedKB
}

// vmMemoryPressure is a powered-on VM's quick stats in KB; zero for a VM not running.
func vmMemoryPressure(vm *simulator.VirtualMachine) memoryPressure {
	var m memoryPressure
	withLock(vm, func() {
		if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			return
		}
		qs := vm.Summary.QuickStats
		m = memoryPressure{int64(qs.BalloonedMemory) * 1024, int64(qs.SwappedMemory) * 1024, qs.CompressedMemory}
	})
	return m
}

// hostMemoryPressure sums the VMs running on a host.
func hostMemoryPressure(h *simulator.HostSystem) memoryPressure {
	var m memoryPressure
	for _, vm := range vmsOnHost(h) {
		m.add(vmMemoryPressure(vm))
	}
	return m
}

// memoryCounterKeys maps the counters' keys in govmomi's catalog to the field they answer.
var memoryCounterKeys = func() map[int32]func(memoryPressure) int64 {
	fields := map[string]func(memoryPressure) int64{
		"mem.vmmemctl.average":   func(m memoryPressure) int64 { return m.BalloonedKB },
		"mem.swapped.average":    func(m memoryPressure) int64 { return m.SwappedKB },
		"mem.compressed.average": func(m memoryPressure) int64 { return m.CompressedKB },
	}
	out := map[int32]func(memoryPressure) int64{}
	for _, c := range vpx.PerfCounter {
		name := c.GroupInfo.GetElementDescription().Key + "." + c.NameInfo.GetElementDescription().Key + "." + string(c.RollupType)
		if f, ok := fields[name]; ok {
			out[c.Key] = f
		}
	}
	return out
}()

// answerMemoryPressure rewrites the memory pressure series of a QueryPerf answer.
func answerMemoryPressure(res soap.HasFault) {
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return
	}
	for _, base := range body.Res.Returnval {
		em, ok := base.(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		var m memoryPressure
		switch e := simulator.Map.Get(em.Entity).(type) {
		case *simulator.VirtualMachine:
			m = vmMemoryPressure(e)
		case *simulator.HostSystem:
			m = hostMemoryPressure(e)
		default:
			continue
		}
		for _, s := range em.Value {
			series, ok := s.(*types.PerfMetricIntSeries)
			if !ok {
				continue
			}
			if field, ok := memoryCounterKeys[series.Id.CounterId]; ok {
				for i := range series.Value {
					series.Value[i] = field(m)
				}
			}
		}
	}
}
