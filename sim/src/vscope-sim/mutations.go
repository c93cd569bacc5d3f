package main

import (
	"context"
	"errors"
	"fmt"
	"path"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// inventory performs the control API's inventory changes through the simulator's
// own vSphere methods (via an in-process client, like any SOAP client would), and
// patches up what govmomi 0.24 leaves inconsistent afterwards.
type inventory struct {
	c *vim25.Client
}

func (inv *inventory) renameVM(ctx context.Context, moid, name string) error {
	if name == "" {
		return errors.New("name must not be empty")
	}
	vm, err := lookupVM(moid)
	if err != nil {
		return err
	}
	if err := runTask(ctx)(object.NewVirtualMachine(inv.c, vm.Self).Rename(ctx, name)); err != nil {
		return err
	}
	// Rename_Task only updates "name"; vCenter shows the new name everywhere.
	update(vm, set("config.name", name), set("summary.config.name", name))
	return nil
}

func (inv *inventory) destroyVM(ctx context.Context, moid string) error {
	vm, err := lookupVM(moid)
	if err != nil {
		return err
	}
	f := factsOf(vm)
	obj := object.NewVirtualMachine(inv.c, vm.Self)
	// vCenter refuses to destroy a running VM; a test that wants a VM gone does
	// not care, so power it off first.
	if f.power != types.VirtualMachinePowerStatePoweredOff {
		if err := runTask(ctx)(obj.PowerOff(ctx)); err != nil {
			return fmt.Errorf("powering off: %w", err)
		}
	}
	if err := runTask(ctx)(obj.Destroy(ctx)); err != nil {
		return err
	}
	publishVMLists(f)
	if h, ok := simulator.Map.Get(f.host).(*simulator.HostSystem); ok {
		refreshHostStats(h)
	}
	return nil
}

// publishVMLists notifies property collectors of the "vm" lists govmomi edits
// in place (without an update) when it creates or unregisters a VM.
func publishVMLists(f vmFacts) {
	republish := func(obj mo.Reference, list *[]types.ManagedObjectReference) {
		withLock(obj, func() {
			simulator.Map.Update(obj, []types.PropertyChange{set("vm", append([]types.ManagedObjectReference(nil), *list...))})
		})
	}
	if h, ok := simulator.Map.Get(f.host).(*simulator.HostSystem); ok {
		republish(h, &h.Vm)
	}
	if f.pool != nil {
		if rp, ok := simulator.Map.Get(*f.pool).(*simulator.ResourcePool); ok {
			republish(rp, &rp.Vm)
		}
	}
	for _, r := range f.datastore {
		if ds, ok := simulator.Map.Get(r).(*simulator.Datastore); ok {
			republish(ds, &ds.Vm)
		}
	}
}

// createVM makes a new, powered-on VM on the host, shaped like an existing VM
// (preferably one on that host). It builds the VM with CreateVM_Task rather than
// CloneVM_Task: govmomi 0.24's clone shares (and rewrites) the source's disk devices.
func (inv *inventory) createVM(ctx context.Context, name, hostMoid string) (string, error) {
	if name == "" {
		return "", errors.New("name must not be empty")
	}
	host, err := lookupHost(hostMoid)
	if err != nil {
		return "", err
	}
	dc := datacenterOf(host)
	cr := computeResourceOf(host)
	if dc == nil || cr == nil {
		return "", fmt.Errorf("host %s is not in a datacenter's compute resource", hostMoid)
	}
	src := sourceVM(dc, host.Self)
	if src == nil {
		return "", fmt.Errorf("no VM in %s to copy the configuration from", dc.Name)
	}
	for _, vm := range vmsOf(dc) {
		if entityName(vm) == name {
			return "", fmt.Errorf("a VM named %q already exists", name)
		}
	}

	var folder types.ManagedObjectReference
	var srcNet, srcDS types.ManagedObjectReference
	var numCPU, memMB, coresPerSocket int32
	var guestID string
	withLock(src, func() {
		folder = *src.Parent
		srcNet, srcDS = src.Network[0], src.Datastore[0]
		numCPU, memMB = src.Config.Hardware.NumCPU, src.Config.Hardware.MemoryMB
		coresPerSocket, guestID = src.Config.Hardware.NumCoresPerSocket, src.Config.GuestId
	})
	dsName := entityName(simulator.Map.Get(srcDS).(mo.Entity))

	config := types.VirtualMachineConfigSpec{
		Name:              name,
		GuestId:           guestID,
		NumCPUs:           numCPU,
		NumCoresPerSocket: coresPerSocket,
		MemoryMB:          int64(memMB),
		Files:             &types.VirtualMachineFileInfo{VmPathName: "[" + dsName + "]"},
	}
	config.DeviceChange, err = newVMDevices(ctx, inv.c, srcNet, srcDS, config.Files.VmPathName+" "+path.Join(name, "disk1.vmdk"))
	if err != nil {
		return "", err
	}

	task, err := object.NewFolder(inv.c, folder).CreateVM(ctx, config,
		object.NewResourcePool(inv.c, cr.pool), object.NewHostSystem(inv.c, host.Self))
	if err != nil {
		return "", err
	}
	info, err := task.WaitForResult(ctx, nil)
	if err != nil {
		return "", err
	}
	newRef := info.Result.(types.ManagedObjectReference)
	if err := runTask(ctx)(object.NewVirtualMachine(inv.c, newRef).PowerOn(ctx)); err != nil {
		return "", fmt.Errorf("powering on: %w", err)
	}

	vm := simulator.Map.Get(newRef).(*simulator.VirtualMachine)
	publishVMLists(factsOf(vm))
	p := profileFor(0, int(seed(name)%1000))
	p.numCPU, p.memoryMB = numCPU, memMB
	p.guest = guestFor(guestID)
	p.power, p.tools, p.ftRunning = types.VirtualMachinePowerStatePoweredOn, toolsCurrent, false
	applyVMProfile(vm, p)
	refreshHostStats(host)
	return newRef.Value, nil
}

// migrateVM moves a VM to another host of the same datacenter (a vMotion).
func (inv *inventory) migrateVM(ctx context.Context, moid, hostMoid string) error {
	vm, err := lookupVM(moid)
	if err != nil {
		return err
	}
	target, err := lookupHost(hostMoid)
	if err != nil {
		return err
	}
	f := factsOf(vm)
	if f.host == target.Self {
		return nil
	}
	if f.template {
		return errors.New("templates cannot be migrated")
	}
	if datacenterOf(vm) != datacenterOf(target) {
		return errors.New("the host is in another datacenter")
	}
	source, _ := simulator.Map.Get(f.host).(*simulator.HostSystem)
	cr := computeResourceOf(target)

	var oldPool *types.ManagedObjectReference
	withLock(vm, func() { oldPool = vm.ResourcePool })
	hostRef := target.Self // the in-process client hands the spec over by reference
	spec := types.VirtualMachineRelocateSpec{Host: &hostRef}
	if oldPool == nil || *oldPool != cr.pool {
		spec.Pool = &cr.pool
	}
	err = runTask(ctx)(object.NewVirtualMachine(inv.c, vm.Self).Relocate(ctx, spec, types.VirtualMachineMovePriorityDefaultPriority))
	if err != nil {
		return err
	}

	// RelocateVM_Task updates the VM but not the hosts' and pools' VM lists.
	if source != nil {
		removeRef(source, "vm", &source.Vm, vm.Self)
	}
	addRef(target, "vm", &target.Vm, vm.Self)
	if spec.Pool != nil {
		if oldPool != nil {
			if rp, ok := simulator.Map.Get(*oldPool).(*simulator.ResourcePool); ok {
				removeRef(rp, "vm", &rp.Vm, vm.Self)
			}
		}
		if rp, ok := simulator.Map.Get(cr.pool).(*simulator.ResourcePool); ok {
			addRef(rp, "vm", &rp.Vm, vm.Self)
		}
	}

	if source != nil {
		refreshHostStats(source)
	}
	refreshHostStats(target)
	return nil
}

func (inv *inventory) setMaintenance(ctx context.Context, hostMoid string, on bool) error {
	host, err := lookupHost(hostMoid)
	if err != nil {
		return err
	}
	obj := object.NewHostSystem(inv.c, host.Self)
	if on {
		err = runTask(ctx)(obj.EnterMaintenanceMode(ctx, 0, false, nil))
	} else {
		err = runTask(ctx)(obj.ExitMaintenanceMode(ctx, 0))
	}
	if err != nil {
		return err
	}
	// The simulator flips the flag without notifying property collectors.
	setMaintenanceFlag(host, on)
	return nil
}

// runTask turns a (task, error) pair into the task's outcome.
func runTask(ctx context.Context) func(*object.Task, error) error {
	return func(t *object.Task, err error) error {
		if err != nil {
			return err
		}
		return t.Wait(ctx)
	}
}

// sourceVM picks the VM whose configuration a new VM copies: the first ordinary
// VM on the host, else the first one in the datacenter.
func sourceVM(dc *simulator.Datacenter, host types.ManagedObjectReference) *simulator.VirtualMachine {
	var fallback *simulator.VirtualMachine
	for _, vm := range vmsOf(dc) {
		f := factsOf(vm)
		if f.template || len(f.datastore) == 0 {
			continue
		}
		var hasNet bool
		withLock(vm, func() { hasNet = len(vm.Network) > 0 })
		if !hasNet {
			continue
		}
		if f.host == host {
			return vm
		}
		if fallback == nil {
			fallback = vm
		}
	}
	return fallback
}

// newVMDevices mirrors the devices govmomi's Model gives its VMs: a SCSI disk, a
// CD-ROM and one NIC on the source VM's network.
func newVMDevices(ctx context.Context, c *vim25.Client, network, ds types.ManagedObjectReference, diskPath string) ([]types.BaseVirtualDeviceConfigSpec, error) {
	net, ok := object.NewReference(c, network).(object.NetworkReference)
	if !ok {
		return nil, fmt.Errorf("%s is not a network", network)
	}
	backing, err := net.EthernetCardBackingInfo(ctx)
	if err != nil {
		return nil, err
	}

	// Same construction as Model.Create's VMs: the CD-ROM hangs off an IDE
	// controller that the simulator's default device set already provides.
	var devices object.VirtualDeviceList
	scsi, err := devices.CreateSCSIController("pvscsi")
	if err != nil {
		return nil, err
	}
	ide, err := devices.CreateIDEController()
	if err != nil {
		return nil, err
	}
	cdrom, err := devices.CreateCdrom(ide.(*types.VirtualIDEController))
	if err != nil {
		return nil, err
	}
	disk := devices.CreateDisk(scsi.(types.BaseVirtualController), ds, diskPath)
	disk.CapacityInKB = 1024 // a real (empty) file is created; its size is cosmetic
	nic, err := devices.CreateEthernetCard("vmxnet3", backing)
	if err != nil {
		return nil, err
	}
	devices = append(devices, scsi, cdrom, disk, nic)
	return devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
}

func guestFor(id string) guestOS {
	for _, g := range guests {
		if g.id == id {
			return g
		}
	}
	return guestOS{id: id, fullName: id, family: "otherGuestFamily"}
}
