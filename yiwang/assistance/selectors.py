def inbox_section(user):
    return None
