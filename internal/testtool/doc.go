// Package testtool finds the external programs and Python modules that
// mltest's tests run (Chromium, xmllint, protoc, Debian's python3 with
// grpcio): a test that needs one fails under CI, where .ci/run installs it
// from Debian, and is skipped with the package to install elsewhere, so a
// developer without it can still run the rest.
package testtool
