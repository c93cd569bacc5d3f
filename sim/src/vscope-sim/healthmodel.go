package main

import (
	"fmt"
	"net"
	"reflect"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Health checks (issue 13). The inventory gets deterministic cases of what
// vscope's checks look for, and the model lists each VM's and host's inputs
// (vmHealthJSON, hostHealthJSON), so that tests derive the expected results
// themselves. What the other decorations already vary is used as it is: Tools
// not running or outdated and ballooned or swapped memory (vms.go), NICs down, a
// host disconnected and one in maintenance (hosts.go, decorate.go), datastore
// usage (datastores.go). Added here, per datacenter, with its non-template VMs
// in name order (n of them) and pairs taken from both ends, so that the two VMs
// of a pair sit on different hosts:
//
//   - every VM gets a MAC of its own (00:50:56:…, unique in the vCenter):
//     govmomi gives the VMs of one compute resource one shared NIC object, so
//     they would all have the same MAC;
//   - VM n-1 gets VM 0's BIOS UUID (config.uuid), VM n-2 VM 1's instance UUID,
//     VM n-3 VM 2's MAC;
//   - of the VMs whose Tools report an IP, the last gets the first one's;
//   - VMs i%5==2 have an ISO of a datastore in their CD-ROM;
//   - CPU ready (cpu.ready.summation, constant per VM): 8 % per vCPU for VMs
//     i%8==6, 4.5 % for i%8==3 (under the usual 5 % threshold), else 0.5 %;
//   - hosts run ESXi build 24022510, except the last host of the first cluster
//     (with two hosts or more), which runs 24280767;
//   - datastores j%4==1 are 93 % full and datastores j%4==0 have thin disks that
//     may grow by three quarters of their capacity (provisioned above 150 %):
//     with few VMs, datastores.go's floor of 512 GiB keeps every datastore far
//     from both thresholds.

const (
	esxiBuild      = "24022510"
	esxiBuildNewer = "24280767"
	readySampleMs  = 20_000 // the realtime interval that cpu.ready.summation sums over
)

// vmHealthJSON is what the health checks read of a VM, as vCenter reports it.
type vmHealthJSON struct {
	BiosUUID     string   `json:"biosUuid"`     // config.uuid
	InstanceUUID string   `json:"instanceUuid"` // config.instanceUuid
	MACs         []string `json:"macs"`         // its virtual NICs' macAddress
	IPAddress    string   `json:"ipAddress"`    // guest.ipAddress; "" when Tools report none
	ISOs         []string `json:"isos"`         // its CD-ROMs' ISO files ("[datastore] path")
	// cpu.ready.summation of every 20-s sample QueryPerf answers for it (ms, all vCPUs)
	CPUReadyMs int64 `json:"cpuReadyMs"`
}

// hostHealthJSON is what the health checks read of a host.
type hostHealthJSON struct {
	Build string `json:"build"` // summary.config.product.build
}

// readyMs is each VM's cpu.ready.summation per sample; VMs created later get readyFor's default.
var readyMs = struct {
	sync.Mutex
	byVM map[types.ManagedObjectReference]int64
}{byVM: map[types.ManagedObjectReference]int64{}}

// decorateHealth runs after the other decorations (Tools and IPs must be set).
func decorateHealth() {
	macs := 0
	for _, dc := range datacenters() {
		var vms []*simulator.VirtualMachine
		for _, vm := range vmsOf(dc) {
			if !factsOf(vm).template {
				vms = append(vms, vm)
			}
		}
		for i, vm := range vms {
			setMAC(vm, fmt.Sprintf("00:50:56:%02x:%02x:%02x", (macs>>16)&0x3f, (macs>>8)&0xff, macs&0xff))
			macs++
			readyMs.Lock()
			readyMs.byVM[vm.Self] = readyFor(i, factsOf(vm).numCPU)
			readyMs.Unlock()
			if i%5 == 2 {
				mountISO(vm, fmt.Sprintf("iso/install-%d.iso", i))
			}
		}
		duplicateIdentities(vms)
		for j, ds := range datastoresOf(dc) {
			fillDatastore(ds, j)
		}
		for _, h := range hostsOf(dc) {
			setBuild(h, esxiBuild)
		}
		if clusters := clustersOf(dc); len(clusters) > 0 {
			var members []types.ManagedObjectReference
			withLock(clusters[0], func() { members = append(members, clusters[0].Host...) })
			var last *simulator.HostSystem
			for _, h := range hostsOf(dc) {
				for _, m := range members {
					if h.Self == m {
						last = h
					}
				}
			}
			if len(members) >= 2 && last != nil {
				setBuild(last, esxiBuildNewer)
			}
		}
	}
}

// fillDatastore makes the j-th datastore nearly full or overcommitted (see above).
func fillDatastore(ds *simulator.Datastore, j int) {
	var capacity, uncommitted int64
	withLock(ds, func() { capacity, uncommitted = ds.Summary.Capacity, ds.Summary.Uncommitted })
	switch j % 4 {
	case 1:
		free := capacity * 7 / 100
		withLock(ds, func() {
			info := ds.Info.GetDatastoreInfo()
			info.FreeSpace, info.MaxFileSize, info.MaxMemoryFileSize = free, free, free
		})
		update(ds, set("summary.freeSpace", free), set("overallStatus", types.ManagedEntityStatusYellow))
	case 0:
		update(ds, set("summary.uncommitted", uncommitted+capacity*3/4))
	}
}

// readyFor is the ready time per 20-s sample of the i-th VM, for all its vCPUs.
func readyFor(i int, numCPU int32) int64 {
	perCPU := int64(readySampleMs / 200) // 0.5 %
	switch i % 8 {
	case 6:
		perCPU = readySampleMs * 8 / 100
	case 3:
		perCPU = readySampleMs * 45 / 1000
	}
	return perCPU * int64(numCPU)
}

// duplicateIdentities makes the pairs of VMs that share an identity (see above).
func duplicateIdentities(vms []*simulator.VirtualMachine) {
	n := len(vms)
	pair := func(k int) (*simulator.VirtualMachine, *simulator.VirtualMachine, bool) {
		if k >= n-1-k {
			return nil, nil, false
		}
		return vms[k], vms[n-1-k], true
	}
	if a, b, ok := pair(0); ok {
		uuid := vmHealth(a).BiosUUID
		update(b, set("config.uuid", uuid), set("summary.config.uuid", uuid))
	}
	if a, b, ok := pair(1); ok {
		uuid := vmHealth(a).InstanceUUID
		update(b, set("config.instanceUuid", uuid), set("summary.config.instanceUuid", uuid))
	}
	if a, b, ok := pair(2); ok {
		setMAC(b, vmHealth(a).MACs[0])
	}
	var withIP []*simulator.VirtualMachine
	for _, vm := range vms {
		if vmHealth(vm).IPAddress != "" {
			withIP = append(withIP, vm)
		}
	}
	if len(withIP) >= 2 {
		ip := vmHealth(withIP[0]).IPAddress
		update(withIP[len(withIP)-1], set("guest.ipAddress", ip), set("summary.guest.ipAddress", ip))
	}
}

// setMAC gives the VM's NICs the MAC (the first NIC that one, the next ones the
// following addresses), each NIC a device object of its own.
func setMAC(vm *simulator.VirtualMachine, mac string) {
	withLock(vm, func() {
		devices := append([]types.BaseVirtualDevice(nil), vm.Config.Hardware.Device...)
		n := 0
		for i, d := range devices {
			if _, ok := d.(types.BaseVirtualEthernetCard); !ok {
				continue
			}
			own := copyDevice(d)
			card := own.(types.BaseVirtualEthernetCard).GetVirtualEthernetCard()
			card.MacAddress = nthMAC(mac, n)
			card.AddressType = string(types.VirtualEthernetCardMacTypeManual)
			devices[i] = own
			for j := range vm.Guest.Net {
				if vm.Guest.Net[j].DeviceConfigId == card.Key {
					vm.Guest.Net[j].MacAddress = card.MacAddress
				}
			}
			n++
		}
		simulator.Map.Update(vm, []types.PropertyChange{set("config.hardware.device", devices)})
	})
}

// nthMAC is the MAC n addresses after mac.
func nthMAC(mac string, n int) string {
	hw, err := net.ParseMAC(mac)
	if err != nil || n == 0 {
		return mac
	}
	hw[5] += byte(n)
	return hw.String()
}

// copyDevice is a shallow copy of a device: its own struct, the same backing.
func copyDevice(d types.BaseVirtualDevice) types.BaseVirtualDevice {
	v := reflect.ValueOf(d).Elem()
	c := reflect.New(v.Type())
	c.Elem().Set(v)
	return c.Interface().(types.BaseVirtualDevice)
}

// mountISO puts an ISO file of the VM's first datastore in its first CD-ROM.
func mountISO(vm *simulator.VirtualMachine, file string) {
	f := factsOf(vm)
	if len(f.datastore) == 0 {
		return
	}
	ds, ok := simulator.Map.Get(f.datastore[0]).(*simulator.Datastore)
	if !ok {
		return
	}
	var dsName string
	withLock(ds, func() { dsName = ds.Name })
	withLock(vm, func() {
		devices := append([]types.BaseVirtualDevice(nil), vm.Config.Hardware.Device...)
		for i, d := range devices {
			if _, ok := d.(*types.VirtualCdrom); !ok {
				continue
			}
			cd := copyDevice(d).(*types.VirtualCdrom)
			dsRef := ds.Self
			cd.Backing = &types.VirtualCdromIsoBackingInfo{VirtualDeviceFileBackingInfo: types.VirtualDeviceFileBackingInfo{
				FileName: fmt.Sprintf("[%s] %s", dsName, file), Datastore: &dsRef,
			}}
			devices[i] = cd
			break
		}
		simulator.Map.Update(vm, []types.PropertyChange{set("config.hardware.device", devices)})
	})
}

// setBuild makes the host report an ESXi 8.0 Update 3 build, in config and in summary.
func setBuild(h *simulator.HostSystem, build string) {
	var about types.AboutInfo
	withLock(h, func() {
		if h.Config != nil {
			about = h.Config.Product
		}
	})
	about.Name, about.Version, about.Build = "VMware ESXi", "8.0.3", build
	about.FullName = "VMware ESXi 8.0.3 build-" + build
	update(h, set("config.product", about), set("summary.config.product", about))
}

// vmHealth reads a VM's inputs of the health checks.
func vmHealth(vm *simulator.VirtualMachine) vmHealthJSON {
	j := vmHealthJSON{MACs: []string{}, ISOs: []string{}}
	withLock(vm, func() {
		if c := vm.Config; c != nil {
			j.BiosUUID, j.InstanceUUID = c.Uuid, c.InstanceUuid
			for _, d := range c.Hardware.Device {
				switch x := d.(type) {
				case types.BaseVirtualEthernetCard:
					j.MACs = append(j.MACs, x.GetVirtualEthernetCard().MacAddress)
				case *types.VirtualCdrom:
					if iso, ok := x.Backing.(*types.VirtualCdromIsoBackingInfo); ok {
						j.ISOs = append(j.ISOs, iso.FileName)
					}
				}
			}
		}
		if g := vm.Guest; g != nil {
			j.IPAddress = g.IpAddress
		}
	})
	j.CPUReadyMs = readyOf(vm)
	return j
}

// readyOf is the VM's ready time per sample.
func readyOf(vm *simulator.VirtualMachine) int64 {
	readyMs.Lock()
	ms, ok := readyMs.byVM[vm.Self]
	readyMs.Unlock()
	if !ok {
		ms = readyFor(0, factsOf(vm).numCPU)
	}
	return ms
}

// hostHealth reads a host's inputs of the health checks.
func hostHealth(h *simulator.HostSystem) hostHealthJSON {
	var j hostHealthJSON
	withLock(h, func() {
		if p := h.Summary.Config.Product; p != nil {
			j.Build = p.Build
		}
	})
	return j
}

// cpuReadyKey is the key of cpu.ready.summation in govmomi's counter catalog.
var cpuReadyKey = func() int32 {
	for _, c := range vpx.PerfCounter {
		if c.GroupInfo.GetElementDescription().Key == "cpu" && c.NameInfo.GetElementDescription().Key == "ready" &&
			c.RollupType == types.PerfSummaryTypeSummation {
			return c.Key
		}
	}
	return -1
}()

// answerCPUReady rewrites the VMs' cpu.ready series of a QueryPerf answer to
// their constant ready time (govmomi's sample data is one noisy series for all).
func answerCPUReady(res soap.HasFault) {
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return
	}
	for _, base := range body.Res.Returnval {
		em, ok := base.(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		vm, ok := simulator.Map.Get(em.Entity).(*simulator.VirtualMachine)
		if !ok {
			continue
		}
		ms := readyOf(vm)
		for _, s := range em.Value {
			if series, ok := s.(*types.PerfMetricIntSeries); ok && series.Id.CounterId == cpuReadyKey {
				for i := range series.Value {
					series.Value[i] = ms
				}
			}
		}
	}
}
