//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

// nonBlock keeps an open of a FIFO from waiting for a writer; noFollow
// refuses a link in the last element of the path.
const (
	nonBlock = syscall.O_NONBLOCK
	noFollow = syscall.O_NOFOLLOW
)

func isLinkError(err error) bool { return errors.Is(err, syscall.ELOOP) }
