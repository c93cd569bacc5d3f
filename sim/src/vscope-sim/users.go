package main

import (
	"errors"
	"fmt"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// Besides the -username administrator, who sees everything, the control API's
// "users" field adds users with limited permissions, for testing that each vscope
// user sees only what vSphere lets them see. A user "sees" managed entities: in
// vCenter terms, a read-only role on each of them, propagated to their children
// (see visibility.go for what that makes visible, restricted.go for how it is
// enforced).
//
// govmomi's Login accepts exactly one user (Service.Listen.User) or, with
// simulator.DefaultLogin there, any non-empty name and password. vscope-sim uses
// the latter and checks the credentials itself in the SOAP gate (loginAllowed).

// userSpec is one entry of the control API's "users", as posted and as shown.
type userSpec struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	See      []string `json:"see"`
}

type restrictedUser struct {
	password string
	see      []types.ManagedObjectReference
}

// permissions knows who may log in and who sees what. It is a package-level
// singleton because govmomi creates the per-session PropertyCollectors with
// reflect.New, so they cannot be handed a reference to it (see restricted.go).
type permissions struct {
	mu            sync.Mutex
	admin         string
	adminPassword string
	users         map[string]restrictedUser
	scopes        map[string]cachedScope // by user name, see visibility.go
}

var perms = &permissions{users: map[string]restrictedUser{}, scopes: map[string]cachedScope{}}

func (p *permissions) setAdmin(user, password string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.admin, p.adminPassword = user, password
}

// resolveUsers checks a "users" list and looks up the entities each may see.
func resolveUsers(specs []userSpec, admin string) (map[string]restrictedUser, error) {
	entities := make(map[string]types.ManagedObjectReference)
	for _, e := range simulator.Map.All("") {
		r := e.Reference()
		entities[r.Value] = r
	}

	users := make(map[string]restrictedUser, len(specs))
	for _, s := range specs {
		switch _, dup := users[s.Username]; {
		case s.Username == "" || s.Password == "":
			return nil, errors.New("users need a username and a password")
		case s.Username == admin:
			return nil, fmt.Errorf("user %q is the administrator, who sees everything", s.Username)
		case dup:
			return nil, fmt.Errorf("user %q is listed twice", s.Username)
		}
		u := restrictedUser{password: s.Password}
		for _, moid := range s.See {
			r, ok := entities[moid]
			if !ok {
				return nil, fmt.Errorf("user %q: no managed entity %q", s.Username, moid)
			}
			u.see = append(u.see, r)
		}
		users[s.Username] = u
	}
	return users, nil
}

// setUsers replaces the users. Sessions of a user who stays see what the new
// list grants from their next call on, as with changed permissions in vCenter
// (the controller ends the sessions of removed users).
func (p *permissions) setUsers(users map[string]restrictedUser) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users = users
	p.scopes = make(map[string]cachedScope)
	inventoryChanges.bump() // a scope being computed from the old list is stale
}

// known tells whether the name is the administrator's or a configured user's.
func (p *permissions) known(user string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.users[user]
	return ok || user == p.admin
}

// userNames are the configured users' names (without the administrator).
func (p *permissions) userNames() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, 0, len(p.users))
	for name := range p.users {
		names = append(names, name)
	}
	return names
}

// loginAllowed checks the credentials of a Login request body: the
// administrator's or a configured user's. A body that does not parse is left
// to the simulator, which answers it with a fault of its own.
func (p *permissions) loginAllowed(body []byte) bool {
	m, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		return true
	}
	req, ok := m.Body.(*types.Login)
	if !ok {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if req.UserName == p.admin {
		return req.Password == p.adminPassword
	}
	u, ok := p.users[req.UserName]
	return ok && req.Password == u.password
}
