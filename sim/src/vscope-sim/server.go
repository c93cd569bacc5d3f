package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"time"
)

// router sends /vscope/* to our own API, SOAP calls through the fault-injection
// gate, and everything else (vimServiceVersions.xml, /folder, /about, …) straight
// to the simulator.
type router struct {
	ctl  *controller
	api  http.Handler
	soap http.Handler
	sim  http.Handler
}

func newRouter(simMux http.Handler, ctl *controller, trace bool) *router {
	api := http.NewServeMux()
	api.HandleFunc("/vscope/model", serveModel)
	api.HandleFunc("/vscope/control", ctl.serveControl)
	api.HandleFunc("/vscope/events", ctl.serveEvents) // eventposts.go

	return &router{
		ctl:  ctl,
		api:  api,
		soap: &soapGate{next: simMux, ctl: ctl, trace: trace},
		sim:  simMux,
	}
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/vscope/"):
		rt.api.ServeHTTP(w, r)
	case rt.ctl.settings().Down:
		// An unreachable vCenter serves nothing at all, not just SOAP.
		dropConnection(w)
	case r.Method == http.MethodPost && (r.URL.Path == "/sdk" || r.URL.Path == "/sdk/vimService"):
		rt.soap.ServeHTTP(w, r)
	default:
		rt.sim.ServeHTTP(w, r)
	}
}

// dropConnection closes the client's TCP connection without any HTTP response,
// and without a TLS close_notify either, as a crashed or unplugged server would.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // makes net/http close the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*tls.Conn); ok {
		_ = tc.NetConn().Close()
		return
	}
	_ = conn.Close()
}

// newCertificate creates a fresh self-signed server certificate per run, so that
// every simulator has its own thumbprint (useful for certificate-pinning tests) and
// the key is a modern one (govmomi's built-in test certificate is RSA-1024).
func newCertificate(listen string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, err
	}

	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "vscope-sim", Organization: []string{"vscope vCenter simulator"}},
		NotBefore:             now.Add(-time.Hour), // tolerate small clock skew
		NotAfter:              now.AddDate(5, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // lets clients put it in a trust store as its own anchor
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if host, _, err := net.SplitHostPort(listen); err == nil && host != "" {
		if ip := net.ParseIP(host); ip == nil {
			tmpl.DNSNames = append(tmpl.DNSNames, host)
		} else if !ip.IsUnspecified() && !ip.IsLoopback() {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		}
	}

	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// thumbprint is the SHA-256 fingerprint in the form vSphere shows it: AA:BB:…
func thumbprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

func certPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
