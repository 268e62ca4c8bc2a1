package inputs

import (
	"encoding/json"
	"regexp"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	serializerjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/client-go/kubernetes/scheme"
)

// apiDecoder decodes a built-in kind into its Go type as the API server
// does, strictly, since kubectl applies with --validate=strict by default
// (an unknown or duplicate field is refused, not dropped).
var apiDecoder = sync.OnceValue(func() runtime.Decoder {
	return serializerjson.NewSerializerWithOptions(serializerjson.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
		serializerjson.SerializerOptions{Strict: true})
})

var (
	typeErrorField   = regexp.MustCompile(`Go struct field [A-Za-z0-9_]+\.([^ ]+) of type`)
	strictErrorField = regexp.MustCompile(`(?:unknown|duplicate) field "([^"]+)"`)
)

// apiRefusal tells why the API server would refuse the object before any
// admission webhook sees it: a value of the wrong type for a built-in kind,
// or a field the kind does not have. field is the dotted path it names
// ("" when none); ok is false when the object decodes, or its kind is not
// built in (CRDs are judged by their own schema, in the cluster).
func apiRefusal(obj map[string]any) (field, msg string, ok bool) {
	api, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	gv, err := schema.ParseGroupVersion(api)
	if err != nil || !scheme.Scheme.Recognizes(gv.WithKind(kind)) {
		return "", "", false
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return "", "", false
	}
	gvk := gv.WithKind(kind)
	if _, _, err = apiDecoder().Decode(raw, &gvk, nil); err == nil {
		return "", "", false
	}
	msg = err.Error()
	if m := typeErrorField.FindStringSubmatch(msg); m != nil {
		field = m[1]
	} else if m := strictErrorField.FindStringSubmatch(msg); m != nil {
		field = m[1]
	}
	return field, "the API server refuses this " + kind + ": " + msg, true
}
