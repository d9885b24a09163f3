"""Counts into honest figures: shares, intervals, suppression, comparisons between meetups.

    aggregate     counts -> shares per meetup, question and option, with n and both bases
    intervals     Wilson and Newcombe intervals
    suppression   small cells hidden, and any cell that would reveal them
    comparisons   trends across meetups, changes between two, pooling
    rounding      whole percentages that add up
"""
