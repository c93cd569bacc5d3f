package main

import (
	"fmt"
	"strings"

	"github.com/vmware/govmomi/simulator"
)

// A host reports its per-datastore counters (datastore.totalReadLatency,
// datastore.numberReadAveraged, …) once per datastore it mounts, each under an
// instance named after the datastore. setPerf's optional "datastore" pins one of
// them only ({"setPerf": {"entity": "host-34", "datastore": "datastore-135",
// "counter": "datastore.numberReadAveraged.average", "value": 120}}), so that a
// test can give each datastore of a host its own figure: every host here mounts
// every datastore, and a pin of the whole counter would make all datastores equal.

// datastoreInstance is the counter instance under which hosts report a datastore:
// ESXi names it by the datastore's uuid, the last element of its URL
// (ds:///vmfs/volumes/<uuid>/).
func datastoreInstance(moid string) (string, error) {
	ds, ok := simulator.Map.Get(ref("Datastore", moid)).(*simulator.Datastore)
	if !ok {
		return "", fmt.Errorf("no datastore %q", moid)
	}
	var url string
	withLock(ds, func() { url = ds.Summary.Url })
	parts := strings.Split(strings.TrimSuffix(url, "/"), "/")
	if uuid := parts[len(parts)-1]; uuid != "" {
		return uuid, nil
	}
	return "", fmt.Errorf("datastore %q has no URL to name its counters' instance", moid)
}
