"""Ready circuits for cases agencies have. Each class docstring says in plain words what a
proof shows and what stays secret; ``examples/gov/`` holds an input file for each.

==============================================  =========================================
``circuits.gov.credential:AgeAtLeast``           age ≥ bound from a signed credential
``circuits.gov.credential:IncomeAtMost``         income ≤ bound from a signed credential
``circuits.gov.membership:RegistryMembership``   registry member, once per programme
``circuits.gov.invoice:InvoiceTotal``            committed invoice lines add up, tax right
``circuits.gov.custody:ChainOfCustody``          signed hops lead from origin to head
``circuits.gov.committed_range:CommittedValueInRange``  a ledger commitment's value in range
``circuits.gov.joint_income:JointIncomeBelow``   three departments' figures sum below a bound
==============================================  =========================================

Compile one with ``zkgov compile circuits.gov.credential:AgeAtLeast`` (``--param depth=…``
sets a size parameter).
"""
