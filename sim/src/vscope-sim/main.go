// Command vscope-sim runs govmomi's vCenter simulator (vcsim, govmomi 0.24) for
// vscope's integration tests and demo mode.
//
// Once the simulator serves, exactly one JSON line is printed to stdout:
//
//	{"url":"https://127.0.0.1:PORT/sdk","thumbprint":"AA:BB:…","certPem":"-----BEGIN CERTIFICATE-----\n…",
//	 "username":"user","password":"pass","control":"https://127.0.0.1:PORT/vscope"}
//
// The process then serves until SIGINT/SIGTERM or until stdin reaches EOF, so a
// parent that dies (and thereby closes our stdin pipe) never leaves an orphan.
//
// Besides the vSphere SOAP API on /sdk, the same server offers:
//
//	GET  /vscope/model    the inventory as read straight from the simulator's registry
//	                      (?user=NAME: the part that user may see)
//	POST /vscope/control  fault injection (delay, outage, hostile XML, page limits
//	                      ignored, …), inventory changes, the simulator's clock offset,
//	                      users with limited permissions and triggered alarms
//	GET  /vscope/control  the current settings
//	GET  /vscope/events   the events posted since the start, oldest first (events.go)
//
// Sizing the inventory: in this govmomi version Model.Machine (-vm) is the number of
// VMs per compute-resource root pool. Every cluster gets -vm VMs spread (pseudo-randomly,
// but reproducibly) over its hosts, and every standalone host gets -vm VMs of its own;
// child pools get none. Per datacenter therefore:
//
//	hosts = cluster*host + standalone-host
//	VMs   = vm * (cluster + standalone-host)
//
// so ~5,500 VMs on 200 hosts is: -dc 1 -cluster 10 -host 20 -vm 550 -standalone-host 0.
// One VM per datacenter is turned into a template (see decorate.go), so the VM list
// holds one fewer entry than that formula.
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"log"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
)

type options struct {
	listen     string
	dc         int
	cluster    int
	host       int
	standalone int
	vm         int
	ds         int
	username   string
	password   string
	trace      bool
	watchStdin bool
	dsPaths    bool
}

// endpoint is the single line printed on stdout; field order is part of the contract.
type endpoint struct {
	URL        string `json:"url"`
	Thumbprint string `json:"thumbprint"`
	CertPEM    string `json:"certPem"`
	Username   string `json:"username"`
	Password   string `json:"password"`
	Control    string `json:"control"`
}

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	log.SetPrefix("vscope-sim: ")

	opts, err := parseFlags(os.Args[1:])
	switch {
	case err == flag.ErrHelp:
		os.Exit(0)
	case err == errUsageReported:
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "vscope-sim:", err)
		os.Exit(2)
	}
	log.SetOutput(logFilter{trace: opts.trace})
	if err := run(opts); err != nil {
		fmt.Fprintln(os.Stderr, "vscope-sim:", err)
		os.Exit(1)
	}
}

// errUsageReported is a command-line error the flag package already printed.
var errUsageReported = errors.New("usage error")

func parseFlags(args []string) (*options, error) {
	o := new(options)
	fs := flag.NewFlagSet("vscope-sim", flag.ContinueOnError)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "host:port to serve on (port 0 picks a free port)")
	fs.IntVar(&o.dc, "dc", 1, "number of datacenters")
	fs.IntVar(&o.cluster, "cluster", 2, "clusters per datacenter")
	fs.IntVar(&o.host, "host", 3, "hosts per cluster")
	fs.IntVar(&o.standalone, "standalone-host", 1, "standalone hosts per datacenter")
	fs.IntVar(&o.vm, "vm", 4, "VMs per cluster and per standalone host (govmomi: per root resource pool)")
	fs.IntVar(&o.ds, "ds", 2, "datastores per datacenter (each mounted on all its hosts)")
	fs.StringVar(&o.username, "username", "user", "the only user name Login accepts")
	fs.StringVar(&o.password, "password", "pass", "the only password Login accepts")
	fs.BoolVar(&o.trace, "trace", false, "log SOAP method names to stderr")
	fs.BoolVar(&o.dsPaths, "datastore-paths", false, "keep govmomi's datastore moids, their backing paths (\"/tmp/govcsim-...\"), for clients that must take any id")
	fs.BoolVar(&o.watchStdin, "watch-stdin", true, "exit when stdin reaches EOF (keep stdin open, e.g. a pipe)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, err
		}
		return nil, errUsageReported // the flag package has printed it with the usage
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	switch {
	case o.dc < 1 || o.cluster < 0 || o.host < 0 || o.standalone < 0 || o.vm < 0 || o.ds < 0:
		return nil, errors.New("-dc must be >= 1 and the other counts >= 0")
	case o.vm > 0 && o.ds < 1:
		return nil, errors.New("VMs need a datastore: use -ds >= 1")
	case o.vm > 0 && o.cluster > 0 && o.host < 1:
		// govmomi would panic placing cluster VMs on a cluster without hosts.
		return nil, errors.New("clusters with VMs need hosts: use -host >= 1")
	case o.username == "" || o.password == "":
		return nil, errors.New("-username and -password must not be empty")
	}
	return o, nil
}

func run(o *options) error {
	started := time.Now()
	addExtraSamples()

	// Listen first: a busy port should fail at once, not after building the inventory.
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	defer ln.Close()
	public := publicHostPort(ln.Addr().(*net.TCPAddr))

	// govmomi places cluster VMs with math/rand; a fixed seed keeps the inventory
	// identical from run to run (Go 1.19's global source is not randomly seeded,
	// but relying on that silently would break on a Go upgrade).
	rand.Seed(1)
	preferRAMTempDir()

	m := simulator.VPX()
	m.Datacenter = o.dc
	m.Cluster = o.cluster
	m.ClusterHost = o.host
	m.Host = o.standalone
	m.Machine = o.vm
	m.Datastore = o.ds
	if err := m.Create(); err != nil {
		return fmt.Errorf("creating inventory: %w", err)
	}
	defer m.Remove()
	created := time.Now()

	if err := fixDatastores(o.dsPaths); err != nil {
		return fmt.Errorf("fixing datastores: %w", err)
	}
	fixed := time.Now()
	decorateInventory()
	decorateSnapshots()
	decorateAlarms()
	log.Printf("inventory ready: created in %s, datastores fixed in %s, decorated in %s",
		created.Sub(started).Round(time.Millisecond), fixed.Sub(created).Round(time.Millisecond),
		time.Since(fixed).Round(time.Millisecond))

	cert, err := newCertificate(o.listen)
	if err != nil {
		return fmt.Errorf("creating TLS certificate: %w", err)
	}

	// With simulator.DefaultLogin, Login accepts any non-empty user name and
	// password; the SOAP gate checks them, since besides -username/-password the
	// control API can add users (see users.go).
	m.Service.Listen = &url.URL{Host: "127.0.0.1:0", User: simulator.DefaultLogin}
	perms.setAdmin(o.username, o.password)
	m.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	startSimulatorMux(m.Service, public)

	ctx := context.Background()
	client, err := vim25.NewClient(ctx, m.Service) // in-process, no HTTP involved
	if err != nil {
		return fmt.Errorf("in-process client: %w", err)
	}
	ctl := newController(&inventory{c: client}, o.username)
	installOverrides(ctl)
	setMaxQueryMetricsOption(0)

	srv := newFrontServer(m.Service.ServeMux, ctl, cert, o.trace)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(tls.NewListener(ln, srv.TLSConfig)) }()

	line, err := json.Marshal(endpoint{
		URL:        "https://" + public + "/sdk",
		Thumbprint: thumbprint(cert.Certificate[0]),
		CertPEM:    certPEM(cert.Certificate[0]),
		Username:   o.username,
		Password:   o.password,
		Control:    "https://" + public + "/vscope",
	})
	if err != nil {
		return err
	}
	// os.Stdout is unbuffered: the line is flushed once Write returns.
	if _, err := fmt.Fprintf(os.Stdout, "%s\n", line); err != nil {
		return err
	}
	log.Printf("serving https://%s/sdk (started in %s)", public, time.Since(started).Round(time.Millisecond))

	reason := waitForExit(o.watchStdin, serveErr)
	log.Printf("shutting down: %s", reason)

	// Shutdown waits for in-flight calls (e.g. a slow delayMs call); a client stuck
	// reading the 200 MB hostile response must not keep us alive, hence the deadline.
	shutdownCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
	_ = srv.Close()
	return nil
}

// preferRAMTempDir points TMPDIR at /dev/shm unless the caller chose a TMPDIR.
// govmomi backs each datastore with a temp directory and writes real files for
// every VM (directory, .vmx, .vmdk, …); on a disk file system that file I/O is
// most of the start-up time of a big inventory (5,500 VMs: ~25 s on ext4, ~8 s
// on tmpfs). The files are nearly empty, so the RAM cost is small.
func preferRAMTempDir() {
	if os.Getenv("TMPDIR") != "" {
		return
	}
	probe, err := ioutil.TempDir("/dev/shm", "vscope-sim-")
	if err != nil {
		return
	}
	_ = os.Remove(probe)
	_ = os.Setenv("TMPDIR", "/dev/shm")
}

// waitForExit blocks until a termination signal, stdin EOF or a server failure.
func waitForExit(watchStdin bool, serveErr <-chan error) string {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)

	stdinClosed := make(chan struct{})
	if watchStdin {
		go func() {
			_, _ = io.Copy(ioutil.Discard, os.Stdin)
			close(stdinClosed)
		}()
	}

	select {
	case s := <-signals:
		return "signal " + s.String()
	case <-stdinClosed:
		return "stdin closed"
	case err := <-serveErr:
		return "server stopped: " + err.Error()
	}
}

// publicHostPort is the address clients should use: a wildcard listen address is
// not dialable everywhere, loopback is.
func publicHostPort(addr *net.TCPAddr) string {
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, fmt.Sprint(addr.Port))
}

// startSimulatorMux lets govmomi set everything up (SDK handlers, OptionManager
// URLs, SessionManager host name, TLS certificate for LoginExtensionByCertificate)
// and then stops govmomi's own listener: its http.Server offers no way to put
// middleware in front of /sdk, so we serve the fully populated ServeMux ourselves.
// Finally, the addresses govmomi recorded are pointed at our front server.
func startSimulatorMux(svc *simulator.Service, public string) {
	inner := svc.NewServer()
	innerHost := inner.URL.Host
	inner.Close()

	svc.Listen.Host = public
	simulator.Map.SessionManager().ServiceHostName = public

	om := simulator.Map.OptionManager()
	simulator.Map.WithLock(om, func() {
		for _, s := range om.Setting {
			opt := s.GetOptionValue()
			if v, ok := opt.Value.(string); ok && strings.Contains(v, innerHost) {
				opt.Value = strings.Replace(v, innerHost, public, -1)
			}
		}
	})
}

// newFrontServer serves the simulator's mux behind vscope's routing and fault injection.
func newFrontServer(simMux http.Handler, ctl *controller, cert tls.Certificate, trace bool) *http.Server {
	return &http.Server{
		Handler: newRouter(simMux, ctl, trace),
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{cert},
			// Like govmomi: ask for (never require) a client certificate, which
			// LoginExtensionByCertificate uses.
			ClientAuth: tls.RequestClientCert,
			// HTTP/1.1 only: the "down" switch hijacks connections, which HTTP/2 forbids.
			NextProtos: []string{"http/1.1"},
		},
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          log.New(logFilter{trace: trace}, "vscope-sim: ", log.LstdFlags),
	}
}

// logFilter keeps stderr useful: it drops the "TLS handshake error" lines every
// test that rejects our certificate on purpose causes, and (unless -trace) the
// per-change chatter of govmomi's PropertyCollector, which a dashboard watching
// thousands of objects would turn into a flood. Everything else, such as
// recovered handler panics or simulator errors, passes.
type logFilter struct{ trace bool }

var propertyCollectorChatter = regexp.MustCompile(`: applying \d+ updates to \d+ filters$| \S+ has \d+ changes$|: WaitForUpdates canceled$`)

func (f logFilter) Write(p []byte) (int, error) {
	line := strings.TrimRight(string(p), "\n")
	if strings.Contains(line, "TLS handshake error") || (!f.trace && propertyCollectorChatter.MatchString(line)) {
		return len(p), nil
	}
	return os.Stderr.Write(p)
}
