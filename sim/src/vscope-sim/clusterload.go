package main

import (
	"errors"
	"fmt"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// Cluster load: the demo inventory's hosts run at 3 to 22 % of their CPU, and
// every cluster holds its load with its largest host down. The control API's
// "clusterLoad" pins the quick stats of a cluster's connected hosts at a share
// of their hardware instead, so that a test sees a cluster that does not:
// {"clusterLoad": {"cluster": "domain-c7", "cpuPercent": 60, "memPercent": 45}}
// sets each host's overallCpuUsage to 60 % of its cores × MHz and its
// overallMemoryUsage to 45 % of its memory; both null lift the pin. The pin
// outlasts the VM changes that recompute a host's quick stats (hosts.go).

// clusterLoad is the control request.
type clusterLoad struct {
	Cluster    string `json:"cluster"` // the moid
	CPUPercent *int64 `json:"cpuPercent"`
	MemPercent *int64 `json:"memPercent"`
}

// hostLoad is a pinned load, in percent of the hardware.
type hostLoad struct{ cpu, mem int64 }

var clusterLoads = struct {
	sync.Mutex
	byCluster map[types.ManagedObjectReference]hostLoad
}{byCluster: map[types.ManagedObjectReference]hostLoad{}}

func lookupCluster(moid string) (*simulator.ClusterComputeResource, error) {
	if c, ok := simulator.Map.Get(ref("ClusterComputeResource", moid)).(*simulator.ClusterComputeResource); ok {
		return c, nil
	}
	return nil, fmt.Errorf("no cluster %q", moid)
}

// checkClusterLoad refuses an unknown cluster, a percentage outside 0..100 and
// a request that sets one percentage and not the other.
func checkClusterLoad(l *clusterLoad) error {
	if _, err := lookupCluster(l.Cluster); err != nil {
		return err
	}
	if (l.CPUPercent == nil) != (l.MemPercent == nil) {
		return errors.New("cpuPercent and memPercent are set together, or both null to lift the pin")
	}
	for _, p := range []*int64{l.CPUPercent, l.MemPercent} {
		if p != nil && (*p < 0 || *p > 100) {
			return errors.New("cpuPercent and memPercent must be 0 to 100")
		}
	}
	return nil
}

// setClusterLoad pins or lifts the load, then recomputes the hosts' quick stats;
// the caller holds simLock.
func setClusterLoad(l clusterLoad) error {
	c, err := lookupCluster(l.Cluster)
	if err != nil {
		return err
	}
	clusterLoads.Lock()
	if l.CPUPercent == nil {
		delete(clusterLoads.byCluster, c.Self)
	} else {
		clusterLoads.byCluster[c.Self] = hostLoad{cpu: *l.CPUPercent, mem: *l.MemPercent}
	}
	clusterLoads.Unlock()

	var hosts []types.ManagedObjectReference
	withLock(c, func() { hosts = append(hosts, c.Host...) })
	for _, r := range hosts {
		if h, ok := simulator.Map.Get(r).(*simulator.HostSystem); ok {
			refreshHostStats(h)
		}
	}
	return nil
}

// pinnedLoad is the load pinned on the host's cluster, if any.
func pinnedLoad(h *simulator.HostSystem) (hostLoad, bool) {
	var parent *types.ManagedObjectReference
	withLock(h, func() { parent = h.Parent })
	if parent == nil {
		return hostLoad{}, false
	}
	clusterLoads.Lock()
	defer clusterLoads.Unlock()
	l, ok := clusterLoads.byCluster[*parent]
	return l, ok
}
