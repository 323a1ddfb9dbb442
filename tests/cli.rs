//! The command-line tool, through the built binary.
