package rules

// earthRadiusKm is the mean Earth radius used by geoDistance.
const earthRadiusKm = 6371.0

// call compiles geoDistance and strftime. The parser has checked names and
// arities. Multi-valued arguments make the result multi-valued.
func (c *compiler) call(fn *Call, hoist bool) (value, error) {
	args := make([]value, len(fn.Args))
	var out value
	for i, a := range fn.Args {
		v, err := c.operand(a, hoist)
		if err != nil {
			return value{}, err
		}
		args[i] = v
		out.src = append(out.src, v.src...)
		out.hoisted = out.hoisted || v.hoisted
	}
	var b sqlBuilder
	switch fn.Name {
	case "geoDistance":
		lonA, latA, lonB, latB := args[0], args[1], args[2], args[3]
		// Haversine: 2R·asin(√(sin²(Δφ/2) + cosφA·cosφB·sin²(Δλ/2))).
		b.add("(2 * 6371.0 * asin(sqrt(pow(sin((radians(", latB, ") - radians(", latA, ")) / 2), 2) + ",
			"cos(radians(", latA, ")) * cos(radians(", latB, ")) * ",
			"pow(sin((radians(", lonB, ") - radians(", lonA, ")) / 2), 2))))")
	case "strftime":
		b.add("COALESCE(strftime(", args[0])
		if len(args) == 1 {
			b.add(", ")
			b.bind(c.set.Now.UTC().Format(DateTimeLayout))
		}
		for _, a := range args[1:] {
			b.add(", ", a)
		}
		b.add("), '')")
	}
	out.sql, out.args = b.String(), b.args
	return out, nil
}
