//go:build unix

package source

import (
	"errors"
	"syscall"
)

// noFollowNoBlock opens without following a link in the last element and
// without blocking on a FIFO.
const noFollowNoBlock = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

func isLink(err error) bool { return errors.Is(err, syscall.ELOOP) }
