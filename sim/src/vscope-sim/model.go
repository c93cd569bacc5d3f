package main

import (
	"math"
	"net/http"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// The JSON of GET /vscope/model: the inventory read directly from the simulator's
// registry, independent of the SOAP layer, so tests can compare vscope's results
// against it. Templates are left out everywhere (VM lists and all VM counts).
//
// GET /vscope/model?user=NAME gives what that user may see (visibility.go): the
// visible datacenters, hosts, datastores, VMs and clusters, with the VM counts of hosts and
// datastores taken from the visible VMs only. Other figures (e.g. a datastore's
// host count, a cluster's totals) are the objects' own properties, which vCenter
// does not filter.

type modelJSON struct {
	Datacenters []datacenterJSON `json:"datacenters"`
}

type datacenterJSON struct {
	Moid       string          `json:"moid"`
	Name       string          `json:"name"`
	Hosts      []hostJSON      `json:"hosts"`
	Datastores []datastoreJSON `json:"datastores"`
	VMs        []vmJSON        `json:"vms"`
	Clusters   []clusterJSON   `json:"clusters"`
	Alarms     []alarmJSON     `json:"alarms"` // triggered on its entities (alarms.go)
}

type hostJSON struct {
	Moid                 string    `json:"moid"`
	Name                 string    `json:"name"`
	Cluster              *string   `json:"cluster"` // null for a standalone host
	ConnectionState      string    `json:"connectionState"`
	PowerState           string    `json:"powerState"`
	InMaintenanceMode    bool      `json:"inMaintenanceMode"`
	Cores                int16     `json:"cores"`
	Threads              int16     `json:"threads"`
	CPUMhz               int64     `json:"cpuMhz"`
	MemoryBytes          int64     `json:"memoryBytes"`
	OverallCPUUsageMhz   int32     `json:"overallCpuUsageMhz"`
	OverallMemoryUsageMB int32     `json:"overallMemoryUsageMB"`
	VMs                  int       `json:"vms"`
	VCPUs                int32     `json:"vcpus"` // of powered-on VMs
	NICs                 []nicJSON `json:"nics"`
	// summed over all its running VMs, visible or not: the host's own counters (memory.go)
	Memory     memoryPressure `json:"memory"`
	Datastores []string       `json:"datastores"` // the datastores it mounts
	Health     hostHealthJSON `json:"health"`     // the health checks' inputs (healthmodel.go)
}

type nicJSON struct {
	Device        string `json:"device"`
	LinkSpeedMbps *int32 `json:"linkSpeedMbps"` // null when the link is down
	Up            bool   `json:"up"`
}

type datastoreJSON struct {
	Moid             string `json:"moid"`
	Name             string `json:"name"`
	Type             string `json:"type"`
	CapacityBytes    int64  `json:"capacityBytes"`
	FreeBytes        int64  `json:"freeBytes"`
	UncommittedBytes int64  `json:"uncommittedBytes"`
	Accessible       bool   `json:"accessible"`
	MaintenanceMode  string `json:"maintenanceMode"`
	VMs              int    `json:"vms"`
	Hosts            int    `json:"hosts"`
}

type vmJSON struct {
	Moid               string   `json:"moid"`
	Name               string   `json:"name"`
	Host               string   `json:"host"`
	PowerState         string   `json:"powerState"`
	ToolsRunningStatus string   `json:"toolsRunningStatus"`
	ToolsVersionStatus string   `json:"toolsVersionStatus"`
	NumCPU             int32    `json:"numCpu"`
	MemoryMB           int32    `json:"memoryMB"`
	CommittedBytes     int64    `json:"committedBytes"`
	UncommittedBytes   int64    `json:"uncommittedBytes"`
	FTState            string   `json:"ftState"`
	GuestFullName      string   `json:"guestFullName"`
	Datastores         []string `json:"datastores"`
	// its quick stats, which its counters answer too (memory.go)
	Memory memoryPressure `json:"memory"`
	// its resource pool's moid; "" for none (a template)
	ResourcePool string `json:"resourcePool"`
	// storage.perDatastoreUsage: what the VM takes on each datastore
	DatastoreUsage []usageJSON `json:"datastoreUsage"`
	// the health checks' inputs (healthmodel.go)
	Health vmHealthJSON `json:"health"`
	// its snapshots and consolidation (snapshots.go); null for a VM with neither
	Snapshots *vmSnapshotsJSON `json:"snapshots"`
}

type usageJSON struct {
	Datastore        string `json:"datastore"`
	CommittedBytes   int64  `json:"committedBytes"`
	UncommittedBytes int64  `json:"uncommittedBytes"`
	UnsharedBytes    int64  `json:"unsharedBytes"`
}

func serveModel(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use GET"})
		return
	}
	user := r.URL.Query().Get("user")
	if user != "" && !perms.known(user) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no user " + user})
		return
	}
	simLock.Lock()
	s := scope{all: true}
	if user != "" {
		s = perms.scopeFor(user)
	}
	m := snapshotModel(s)
	simLock.Unlock()
	writeJSON(w, http.StatusOK, m)
}

func snapshotModel(s scope) modelJSON {
	out := modelJSON{Datacenters: []datacenterJSON{}}
	for _, dc := range datacenters() {
		if s.sees(dc.Self) {
			out.Datacenters = append(out.Datacenters, snapshotDatacenter(dc, s))
		}
	}
	return out
}

func snapshotDatacenter(dc *simulator.Datacenter, s scope) datacenterJSON {
	d := datacenterJSON{
		Moid: dc.Self.Value, Name: entityName(dc),
		Hosts: []hostJSON{}, Datastores: []datastoreJSON{}, VMs: []vmJSON{}, Clusters: []clusterJSON{},
	}

	// Counts per host and datastore come from the VMs' own view (runtime.host,
	// datastore), which is what a client derives them from too.
	vmsPerHost := map[types.ManagedObjectReference]int{}
	vcpusPerHost := map[types.ManagedObjectReference]int32{}
	vmsPerDatastore := map[types.ManagedObjectReference]int{}
	for _, vm := range vmsOf(dc) {
		f := factsOf(vm)
		if f.template || !s.sees(vm.Self) {
			continue
		}
		vj := snapshotVM(vm)
		vj.Memory = vmMemoryPressure(vm)
		vj.Health = vmHealth(vm)
		vj.Snapshots = vmSnapshotsModel(vm)
		if f.pool != nil {
			vj.ResourcePool = f.pool.Value
		}
		d.VMs = append(d.VMs, vj)
		vmsPerHost[f.host]++
		if f.power == types.VirtualMachinePowerStatePoweredOn {
			vcpusPerHost[f.host] += f.numCPU
		}
		for _, ds := range f.datastore {
			vmsPerDatastore[ds]++
		}
	}

	for _, h := range hostsOf(dc) {
		if !s.sees(h.Self) {
			continue
		}
		hj := snapshotHost(h)
		hj.Memory = hostMemoryPressure(h)
		hj.Health = hostHealth(h)
		hj.VMs, hj.VCPUs = vmsPerHost[h.Self], vcpusPerHost[h.Self]
		d.Hosts = append(d.Hosts, hj)
	}
	// A cluster's figures are of the whole cluster (clusters.go), for every VM on its hosts.
	all := vmsOf(dc)
	for _, c := range clustersOf(dc) {
		if s.sees(c.Self) {
			cj := snapshotCluster(c, all)
			cj.Pools = visiblePools(cj.Pools, s)
			d.Clusters = append(d.Clusters, cj)
		}
	}
	for _, ds := range datastoresOf(dc) {
		if !s.sees(ds.Self) {
			continue
		}
		dj := snapshotDatastore(ds)
		dj.VMs = vmsPerDatastore[ds.Self]
		d.Datastores = append(d.Datastores, dj)
	}
	d.Alarms = datacenterAlarms(dc, s)
	return d
}

func snapshotHost(h *simulator.HostSystem) hostJSON {
	var j hostJSON
	if cr := computeResourceOf(h); cr != nil && cr.isCluster {
		name := cr.name
		j.Cluster = &name
	}
	withLock(h, func() {
		j.Moid, j.Name = h.Self.Value, h.Name
		j.ConnectionState = string(h.Runtime.ConnectionState)
		j.PowerState = string(h.Runtime.PowerState)
		j.InMaintenanceMode = h.Runtime.InMaintenanceMode
		if hw := h.Hardware; hw != nil {
			j.Cores, j.Threads = hw.CpuInfo.NumCpuCores, hw.CpuInfo.NumCpuThreads
			j.CPUMhz = int64(math.Round(float64(hw.CpuInfo.Hz) / 1e6))
			j.MemoryBytes = hw.MemorySize
		}
		j.OverallCPUUsageMhz = h.Summary.QuickStats.OverallCpuUsage
		j.OverallMemoryUsageMB = h.Summary.QuickStats.OverallMemoryUsage
		j.Datastores = []string{}
		for _, ds := range h.Datastore {
			j.Datastores = append(j.Datastores, ds.Value)
		}
		j.NICs = []nicJSON{}
		if h.Config != nil && h.Config.Network != nil {
			for _, p := range h.Config.Network.Pnic {
				n := nicJSON{Device: p.Device, Up: p.LinkSpeed != nil}
				if p.LinkSpeed != nil {
					speed := p.LinkSpeed.SpeedMb
					n.LinkSpeedMbps = &speed
				}
				j.NICs = append(j.NICs, n)
			}
		}
	})
	return j
}

func snapshotDatastore(ds *simulator.Datastore) datastoreJSON {
	var j datastoreJSON
	withLock(ds, func() {
		s := ds.Summary
		j = datastoreJSON{
			Moid: ds.Self.Value, Name: ds.Name, Type: s.Type,
			CapacityBytes: s.Capacity, FreeBytes: s.FreeSpace, UncommittedBytes: s.Uncommitted,
			Accessible: s.Accessible, MaintenanceMode: s.MaintenanceMode,
			Hosts: len(ds.Host),
		}
	})
	return j
}

func snapshotVM(vm *simulator.VirtualMachine) vmJSON {
	var j vmJSON
	withLock(vm, func() {
		j.Moid, j.Name = vm.Self.Value, vm.Name
		if vm.Runtime.Host != nil {
			j.Host = vm.Runtime.Host.Value
		}
		j.PowerState = string(vm.Runtime.PowerState)
		j.FTState = string(vm.Runtime.FaultToleranceState)
		if g := vm.Guest; g != nil {
			j.ToolsRunningStatus, j.ToolsVersionStatus = g.ToolsRunningStatus, g.ToolsVersionStatus2
		}
		if c := vm.Config; c != nil {
			j.NumCPU, j.MemoryMB, j.GuestFullName = c.Hardware.NumCPU, c.Hardware.MemoryMB, c.GuestFullName
		}
		if s := vm.Summary.Storage; s != nil {
			j.CommittedBytes, j.UncommittedBytes = s.Committed, s.Uncommitted
		}
		j.Datastores = []string{}
		for _, ds := range vm.Datastore {
			j.Datastores = append(j.Datastores, ds.Value)
		}
		j.DatastoreUsage = []usageJSON{}
		if st := vm.Storage; st != nil {
			for _, u := range st.PerDatastoreUsage {
				j.DatastoreUsage = append(j.DatastoreUsage, usageJSON{
					Datastore: u.Datastore.Value, CommittedBytes: u.Committed, UncommittedBytes: u.Uncommitted, UnsharedBytes: u.Unshared,
				})
			}
		}
	})
	return j
}
