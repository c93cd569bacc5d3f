package main

import (
	"bytes"
	"io"
	"net/http"
)

// hostileKinds are the values "hostile" accepts in the control API ("" clears).
var hostileKinds = map[string]bool{
	"": true, "xxe": true, "billion": true, "truncated": true,
	"oversized": true, "garbage": true, "unexpected": true,
}

// oversizedBytes is the length of the giant string in the "oversized" response:
// far above any sane client limit, streamed so the simulator never holds it.
const oversizedBytes = 200 << 20

const envelopeOpen = `<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"` +
	` xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
	` xmlns:xsd="http://www.w3.org/2001/XMLSchema"` +
	` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`

const envelopeClose = `</soapenv:Body></soapenv:Envelope>`

func writeHostileHeader(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Del("Content-Length")
	w.WriteHeader(http.StatusOK)
}

// writeHostileBody writes every kind except "truncated", which needs the real response.
func writeHostileBody(w io.Writer, kind, method string) {
	if method == "" {
		method = "RetrieveServiceContent"
	}
	// The malicious payload sits where the real answer would be, so a client has
	// to parse (and expand, if it is careless) it to get at the result.
	open := `<` + method + `Response xmlns="urn:vim25"><returnval>`
	end := `</returnval></` + method + `Response>`

	switch kind {
	case "xxe":
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<!DOCTYPE soapenv:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>`+"\n"+
			envelopeOpen+open+`&x;`+end+envelopeClose)
	case "billion":
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+billionLaughsDTD+
			envelopeOpen+open+`&lol9;`+end+envelopeClose)
	case "garbage":
		io.WriteString(w, "not xml at all")
	case "unexpected":
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			envelopeOpen+`<Surprise xmlns="urn:vim25"><x>1</x></Surprise>`+envelopeClose)
	case "oversized":
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+envelopeOpen+open)
		chunk := bytes.Repeat([]byte("A"), 64<<10)
		for n := 0; n < oversizedBytes; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client gave up, as it should
			}
		}
		io.WriteString(w, end+envelopeClose)
	}
}

// billionLaughsDTD is the classic exponential entity expansion: &lol9; expands to
// 10^9 "lol"s (about 3 GB) from a document of under 1 KB.
const billionLaughsDTD = `<!DOCTYPE soapenv:Envelope [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
`
