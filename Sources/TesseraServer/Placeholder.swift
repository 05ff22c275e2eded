// The protocol and network layer.
