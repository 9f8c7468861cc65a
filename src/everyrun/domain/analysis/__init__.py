"""What one activity shows: movement, effort, load, structure and purpose (AUDIT's input)."""
