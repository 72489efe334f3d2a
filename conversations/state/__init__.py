"""What a conversation keeps between messages: its answers and the state around them."""
