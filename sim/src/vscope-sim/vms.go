package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// govmomi creates every VM identical (1 vCPU, 32 MB, "otherGuest", tools not
// running, no storage usage). vmProfile is what vscope-sim makes of each VM instead.
type vmProfile struct {
	numCPU    int32
	memoryMB  int32
	guest     guestOS
	power     types.VirtualMachinePowerState
	tools     toolsState
	ftRunning bool
	diskGB    int64
	usedPct   int64 // how much of the thin disk is written
	ip        string
	// memory pressure while powered on: ballooned and swapped in MB, compressed in KB,
	// as VirtualMachineQuickStats has them
	balloonMB    int32
	swapMB       int32
	compressedKB int64
}

type guestOS struct{ id, fullName, family string }

var guests = []guestOS{
	{"ubuntu64Guest", "Ubuntu Linux (64-bit)", "linuxGuest"},
	{"windows9Server64Guest", "Microsoft Windows Server 2016 or later (64-bit)", "windowsGuest"},
	{"rhel8_64Guest", "Red Hat Enterprise Linux 8 (64-bit)", "linuxGuest"},
	{"centos7_64Guest", "CentOS 7 (64-bit)", "linuxGuest"},
	{"windows9_64Guest", "Microsoft Windows 10 (64-bit)", "windowsGuest"},
}

type toolsState int

const (
	toolsCurrent      toolsState = iota // running, up to date
	toolsOld                            // running, needs upgrade
	toolsNotRunning                     // installed and current, but not running
	toolsNotInstalled                   // never installed
)

// profileFor gives the i-th VM (in name order within its datacenter) its shape.
// Each property cycles with its own period, so the combinations vary: about 1 in
// 7 VMs is powered off and 1 in 19 suspended, 1 in 11 has old tools, 1 in 13
// tools not running, 1 in 17 no tools, and 2 in 12 run fault tolerance.
func profileFor(dcIndex, i int) vmProfile {
	p := vmProfile{
		numCPU:   []int32{2, 4, 1, 8, 2, 4, 2, 16}[i%8],
		memoryMB: []int32{4096, 8192, 2048, 16384, 4096, 12288, 8192, 32768}[(i*5)%8],
		guest:    guests[i%len(guests)],
		power:    types.VirtualMachinePowerStatePoweredOn,
		diskGB:   []int64{40, 60, 100, 20, 250, 80, 120, 500}[(i*3)%8],
		usedPct:  int64(25 + (i*37)%70),
		ip:       fmt.Sprintf("10.%d.%d.%d", 10+dcIndex%200, (i/250)%250, 10+i%250),
	}
	switch {
	case i%7 == 3:
		p.power = types.VirtualMachinePowerStatePoweredOff
	case i%19 == 10:
		p.power = types.VirtualMachinePowerStateSuspended
	}
	switch {
	case i%11 == 5:
		p.tools = toolsOld
	case i%13 == 7:
		p.tools = toolsNotRunning
	case i%17 == 9:
		p.tools = toolsNotInstalled
	}
	p.ftRunning = (i%12 == 2 || i%12 == 7) && p.power == types.VirtualMachinePowerStatePoweredOn
	// Some VMs under memory pressure, each kind with its own period: 1 in 6 ballooned,
	// 1 in 9 swapping, 1 in 10 compressed (a few all three).
	if i%6 == 1 {
		p.balloonMB = p.memoryMB / 8
	}
	if i%9 == 4 {
		p.swapMB = p.memoryMB / 32
	}
	if i%10 == 7 {
		p.compressedKB = int64(p.memoryMB) * 1024 / 64
	}
	return p
}

// applyVMProfile writes a profile into a VM, everywhere the vSphere API exposes
// the values (config, summary, guest, runtime, storage), via Map.Update.
func applyVMProfile(vm *simulator.VirtualMachine, p vmProfile) {
	var name string
	var dsRef *types.ManagedObjectReference
	withLock(vm, func() {
		name = vm.Name
		if len(vm.Datastore) > 0 {
			d := vm.Datastore[0]
			dsRef = &d
		}
	})
	s := seed(name)
	on := p.power == types.VirtualMachinePowerStatePoweredOn

	changes := []types.PropertyChange{
		set("config.hardware.numCPU", p.numCPU),
		set("config.hardware.memoryMB", p.memoryMB),
		set("config.guestId", p.guest.id),
		set("config.guestFullName", p.guest.fullName),
		set("summary.config.numCpu", p.numCPU),
		set("summary.config.memorySizeMB", p.memoryMB),
		set("summary.config.guestId", p.guest.id),
		set("summary.config.guestFullName", p.guest.fullName),
		set("runtime.maxMemoryUsage", p.memoryMB),
		set("summary.runtime.maxMemoryUsage", p.memoryMB),
	}
	changes = append(changes, powerChanges(p.power)...)
	changes = append(changes, toolsChanges(p, strings.ToLower(strings.Replace(name, "_", "-", -1)))...)

	ft := types.VirtualMachineFaultToleranceStateNotConfigured
	if p.ftRunning {
		ft = types.VirtualMachineFaultToleranceStateRunning
	}
	changes = append(changes,
		set("runtime.faultToleranceState", ft),
		set("summary.runtime.faultToleranceState", ft))

	// Thin disk: written part plus, while running, the swap file count as committed;
	// unshared is the disk's own data (the swap file aside), so that the three differ.
	disk := p.diskGB << 30
	written := disk * p.usedPct / 100
	committed := written
	if on {
		committed += int64(p.memoryMB) << 20
	}
	now := time.Now()
	changes = append(changes, set("summary.storage", &types.VirtualMachineStorageSummary{
		Committed: committed, Uncommitted: disk - written, Unshared: written, Timestamp: now,
	}))
	if dsRef != nil {
		changes = append(changes, set("storage", &types.VirtualMachineStorageInfo{
			PerDatastoreUsage: []types.VirtualMachineUsageOnDatastore{{
				Datastore: *dsRef, Committed: committed, Uncommitted: disk - written, Unshared: written,
			}},
			Timestamp: now,
		}))
	}

	qs := types.VirtualMachineQuickStats{GuestHeartbeatStatus: types.ManagedEntityStatusGray}
	if on {
		qs.OverallCpuUsage = p.numCPU * int32(40+s%600)
		qs.GuestMemoryUsage = p.memoryMB * int32(10+s%60) / 100
		qs.HostMemoryUsage = p.memoryMB * int32(40+s%50) / 100
		qs.UptimeSeconds = int32(3600 * (1 + s%2000))
		qs.BalloonedMemory, qs.SwappedMemory, qs.CompressedMemory = p.balloonMB, p.swapMB, p.compressedKB
		if p.tools == toolsCurrent || p.tools == toolsOld {
			qs.GuestHeartbeatStatus = types.ManagedEntityStatusGreen
		}
	}
	changes = append(changes, set("summary.quickStats", qs))

	update(vm, changes...)
}

func powerChanges(state types.VirtualMachinePowerState) []types.PropertyChange {
	var boot interface{} // nil clears bootTime
	if state == types.VirtualMachinePowerStatePoweredOn {
		boot = time.Now().Add(-72 * time.Hour)
	}
	return []types.PropertyChange{
		set("runtime.powerState", state),
		set("summary.runtime.powerState", state),
		set("runtime.bootTime", boot),
		set("summary.runtime.bootTime", boot),
	}
}

// toolsChanges sets VMware Tools and guest identity as the guest agent would
// report them; nothing is reported from a guest whose tools are not running.
func toolsChanges(p vmProfile, hostName string) []types.PropertyChange {
	versionStatus, version := "guestToolsCurrent", "11365"
	switch p.tools {
	case toolsOld:
		versionStatus, version = "guestToolsNeedUpgrade", "10346"
	case toolsNotInstalled:
		versionStatus, version = "guestToolsNotInstalled", "0"
	}

	running := p.power == types.VirtualMachinePowerStatePoweredOn && (p.tools == toolsCurrent || p.tools == toolsOld)
	runningStatus := "guestToolsNotRunning"
	toolsStatus := types.VirtualMachineToolsStatusToolsNotRunning
	guestState, ip, name := "notRunning", "", ""
	switch {
	case p.tools == toolsNotInstalled:
		toolsStatus = types.VirtualMachineToolsStatusToolsNotInstalled
	case running && p.tools == toolsOld:
		toolsStatus = types.VirtualMachineToolsStatusToolsOld
	case running:
		toolsStatus = types.VirtualMachineToolsStatusToolsOk
	}
	if running {
		runningStatus, guestState, ip, name = "guestToolsRunning", "running", p.ip, hostName
	}

	return []types.PropertyChange{
		set("guest.toolsStatus", toolsStatus),
		set("guest.toolsVersionStatus", versionStatus),
		set("guest.toolsVersionStatus2", versionStatus),
		set("guest.toolsRunningStatus", runningStatus),
		set("guest.toolsVersion", version),
		set("guest.guestId", p.guest.id),
		set("guest.guestFullName", p.guest.fullName),
		set("guest.guestFamily", p.guest.family),
		set("guest.guestState", guestState),
		set("guest.hostName", name),
		set("guest.ipAddress", ip),
		set("summary.guest.toolsStatus", toolsStatus),
		set("summary.guest.toolsVersionStatus", versionStatus),
		set("summary.guest.toolsVersionStatus2", versionStatus),
		set("summary.guest.toolsRunningStatus", runningStatus),
		set("summary.guest.guestId", p.guest.id),
		set("summary.guest.guestFullName", p.guest.fullName),
		set("summary.guest.hostName", name),
		set("summary.guest.ipAddress", ip),
	}
}

// vmFacts is what other computations need to know about a VM, read under its lock.
type vmFacts struct {
	host      types.ManagedObjectReference
	pool      *types.ManagedObjectReference
	datastore []types.ManagedObjectReference
	numCPU    int32
	memoryMB  int32
	power     types.VirtualMachinePowerState
	template  bool
	committed int64
	uncommit  int64
}

func factsOf(vm *simulator.VirtualMachine) vmFacts {
	var f vmFacts
	withLock(vm, func() {
		if vm.Runtime.Host != nil {
			f.host = *vm.Runtime.Host
		}
		if vm.ResourcePool != nil {
			p := *vm.ResourcePool
			f.pool = &p
		}
		f.datastore = append(f.datastore, vm.Datastore...)
		f.power = vm.Runtime.PowerState
		if vm.Config != nil {
			f.numCPU = vm.Config.Hardware.NumCPU
			f.memoryMB = vm.Config.Hardware.MemoryMB
			f.template = vm.Config.Template
		}
		if vm.Summary.Storage != nil {
			f.committed = vm.Summary.Storage.Committed
			f.uncommit = vm.Summary.Storage.Uncommitted
		}
	})
	return f
}
