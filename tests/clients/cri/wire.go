// SPDX-License-Identifier: GPL-2.0-or-later

// The protobuf wire format of the few CRI v1 messages cri.go uses, written by hand over
// protowire (no generated code): an encoder that appends fields, a decoder that splits a
// message into its fields by number.
package main

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// enc is a message being encoded. Zero scalars are left out (proto3 defaults); sub-messages
// are always written, even empty, since their presence matters (SecurityProfile{} is
// RuntimeDefault, an absent one is unconfined).
type enc []byte

func (m *enc) str(n protowire.Number, s string) {
	if s == "" {
		return
	}
	*m = protowire.AppendTag(*m, n, protowire.BytesType)
	*m = protowire.AppendString(*m, s)
}

func (m *enc) strs(n protowire.Number, ss []string) {
	for _, s := range ss {
		*m = protowire.AppendTag(*m, n, protowire.BytesType)
		*m = protowire.AppendString(*m, s)
	}
}

func (m *enc) sub(n protowire.Number, s enc) {
	*m = protowire.AppendTag(*m, n, protowire.BytesType)
	*m = protowire.AppendBytes(*m, s)
}

func (m *enc) uvarint(n protowire.Number, v uint64) {
	if v == 0 {
		return
	}
	*m = protowire.AppendTag(*m, n, protowire.VarintType)
	*m = protowire.AppendVarint(*m, v)
}

// int64 and int32 fields are plain varints of the two's complement value.
func (m *enc) int(n protowire.Number, v int64) { m.uvarint(n, uint64(v)) }

func (m *enc) boolean(n protowire.Number, b bool) {
	if b {
		m.uvarint(n, 1)
	}
}

// strmap: a map<string, string> is a repeated entry message {1: key, 2: value}.
func (m *enc) strmap(n protowire.Number, kv map[string]string) {
	for k, v := range kv {
		var e enc
		e.str(1, k)
		e.str(2, v)
		m.sub(n, e)
	}
}

// dec is a decoded message: every field by number, in order, as uint64 (varint, fixed) or
// []byte (length-delimited).
type dec map[protowire.Number][]interface{}

func decode(b []byte) (dec, error) {
	d := dec{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		b = b[n:]
		var v interface{}
		switch typ {
		case protowire.VarintType:
			x, n2 := protowire.ConsumeVarint(b)
			v, n = x, n2
		case protowire.Fixed32Type:
			x, n2 := protowire.ConsumeFixed32(b)
			v, n = uint64(x), n2
		case protowire.Fixed64Type:
			x, n2 := protowire.ConsumeFixed64(b)
			v, n = x, n2
		case protowire.BytesType:
			x, n2 := protowire.ConsumeBytes(b)
			v, n = x, n2
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return nil, fmt.Errorf("field %d: %v", num, protowire.ParseError(n))
		}
		b = b[n:]
		if v != nil {
			d[num] = append(d[num], v)
		}
	}
	return d, nil
}

func (d dec) last(n protowire.Number) interface{} {
	if d == nil || len(d[n]) == 0 {
		return nil
	}
	return d[n][len(d[n])-1]
}

func (d dec) u64(n protowire.Number) uint64 {
	v, _ := d.last(n).(uint64)
	return v
}

func (d dec) i64(n protowire.Number) int64 { return int64(d.u64(n)) }
func (d dec) i32(n protowire.Number) int32 { return int32(d.u64(n)) }

func (d dec) bytes(n protowire.Number) []byte {
	v, _ := d.last(n).([]byte)
	return v
}

func (d dec) str(n protowire.Number) string { return string(d.bytes(n)) }

func (d dec) has(n protowire.Number) bool { return d.last(n) != nil }

func (d dec) sub(n protowire.Number) dec {
	b := d.bytes(n)
	if b == nil {
		return nil
	}
	s, err := decode(b)
	if err != nil {
		return nil
	}
	return s
}

func (d dec) subs(n protowire.Number) []dec {
	var out []dec
	for _, v := range d[n] {
		if b, ok := v.([]byte); ok {
			if s, err := decode(b); err == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

func (d dec) strs(n protowire.Number) []string {
	var out []string
	for _, v := range d[n] {
		if b, ok := v.([]byte); ok {
			out = append(out, string(b))
		}
	}
	return out
}

func (d dec) strmap(n protowire.Number) map[string]string {
	out := map[string]string{}
	for _, e := range d.subs(n) {
		out[e.str(1)] = e.str(2)
	}
	return out
}

// u64value reads a wrapper message (UInt64Value / Int64Value: {1: value}) at n.
func (d dec) u64value(n protowire.Number) uint64 { return d.sub(n).u64(1) }
