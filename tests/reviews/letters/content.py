"""The letters the import is tested on: written for these tests, in seven layouts.

Each letter is defined once here; ``build.py`` writes it in its layout (a Word document, a
PDF, pasted text) and ``expected()`` gives what a careful person would take from it, which the
tests and ``scripts/letter_import_accuracy.py`` compare the proposals with. Facts (councils,
roles, a mystery-shopper exercise, direct payments figures) echo the seed documents; every
sentence is written here.
"""

from __future__ import annotations

#: Harrow-like assurance review: a Word document with Word's own list numbering, a team table,
#: findings by domain under "Strengths" and "Areas for development", recommendations numbered
#: by Word at the end.
WORD_NUMBERED = {
    "name": "word-numbered",
    "file": "word-numbered.docx",
    "title": "Assurance review of adult social care self-assessment",
    "kind": "assurance-review",
    "intro": [
        "This report sets out what the assurance review found when the team visited on 9-11 March 2016.",
        "We thank the staff, partners and people who use services who gave their time to talk to us.",
    ],
    "scope_intro": "The council asked the team to test its self-assessment against these questions:",
    "scope": [
        "Does the self-assessment give a fair picture of the risks the service carries?",
        "How well do leaders use performance information to manage those risks?",
        "Are people who use services at the centre of how support is planned?",
    ],
    "team": [
        ("Ann Carver", "Lead director", "lead-director", "Borough of Eastfield"),
        ("Cllr Joe Platt", "Member peer", "member-peer", "Northgate Council"),
        ("Priya Shah", "Officer peer", "officer-peer", "Riverside Council"),
        ("Tom Ellis", "Expert by experience", "expert-by-experience", "Voices Together"),
        ("Mary Okafor", "Review manager", "challenge-manager", "Regional improvement partnership"),
    ],
    "sections": [
        {
            "topic": "Outcomes for people",
            "strengths": [
                (
                    "Self-directed support reaches 83 per cent of people using "
                    "community services, which is well placed against similar councils."
                ),
                "Staff could describe how reablement helps people return home after a stay in hospital.",
            ],
            "development": [
                "Only 44 per cent of people take a direct payment, and staff were unsure how to explain the choice.",
            ],
        },
        {
            "topic": "Leadership and governance",
            "strengths": [
                (
                    "The director sets a clear direction and staff at "
                    "every level repeated the same priorities to the team."
                ),
            ],
            "development": [
                (
                    "Reviews of care plans stand at 81 per cent against a target "
                    "of 90 per cent and the gap is not reported to members."
                ),
                "Risk registers describe risks but rarely name who owns the action that reduces each one.",
            ],
        },
    ],
    "recommendations": [
        (1, "Publish a short guide to direct payments for staff and for the people they support."),
        (2, "Report the number of overdue care plan reviews to the scrutiny committee every quarter."),
        (3, "Name an owner and a date for every action in the risk register."),
        (4, "Ask people who use services to help rewrite the self-assessment summary."),
    ],
    "key_priorities": [],
    "people": ["Director of Adult Social Care", "Head of Safeguarding", "A group of six carers"],
}

#: Herefordshire-like peer challenge: a Word document whose recommendations are paragraphs
#: "Recommendation 12" (bold, on a line of their own) among the areas for consideration, with
#: two unnumbered ones; scope questions typed with numbers; the team as a list.
WORD_LABELLED = {
    "name": "word-labelled",
    "file": "word-labelled.docx",
    "title": "Adult social care peer challenge: feedback letter",
    "kind": "peer-challenge",
    "intro": [
        "Thank you for inviting the regional peer challenge team, who were on site from 1 to 3 July 2014.",
    ],
    "scope_intro": "The headline scope agreed with the council was:",
    "scope": [
        "How ready is the council to meet the duties of the Care Act?",
        "How well are people who use services involved in shaping them?",
        "How effective are the arrangements for keeping adults safe?",
    ],
    "team": [
        ("Helen Ward", "Lead director", "lead-director", "Shire County Council"),
        ("Cllr Raj Patel", "Member peer", "member-peer", "Valley Borough Council"),
        ("Sam Green", "Officer peer", "officer-peer", "Hilltown Council"),
        ("Jo Baines", "Expert by experience", "expert-by-experience", "Carers Forum"),
        ("Lee Marsh", "Expert by experience", "expert-by-experience", "Disability Action Group"),
        ("Kate Wood", "Peer challenge manager", "challenge-manager", "Regional ADASS"),
        ("Ben Hart", "Review support", "review-support", "Regional ADASS"),
    ],
    "sections": [
        {
            "topic": "Readiness for the Care Act",
            "strengths": [
                "A named officer leads the work on the new duties, and partners knew who to contact.",
            ],
            "development": [
                (
                    "The advice line has three staff, and in a mystery-shopper "
                    "exercise two of four calls went to an answering machine."
                ),
            ],
            "recommendations": [
                (1, "Analyse the demand on the advice line so that more calls are answered in person."),
                (2, "Look at a single point of access for information and advice before the new duties start."),
            ],
        },
        {
            "topic": "Involving people who use services",
            "strengths": [
                "Carers told the team that the new carers' centre listens to them and acts on what they say.",
            ],
            "development": [
                "Direct payments of about nine hundred thousand pounds were reclaimed because they were unspent.",
                "Some groups of people who use services have no forum through which to be heard.",
            ],
            "recommendations": [
                (3, "Find out why direct payments go unspent before reclaiming them."),
                (4, "Set up a forum for every group of people who use services."),
                (None, "The team recommends that easy-read versions of key letters are written with carers."),
                (None, "The team recommends that the council reports back to each forum on what changed."),
            ],
        },
        {
            "topic": "Keeping adults safe",
            "strengths": [
                "Safeguarding referrals are screened on the day they arrive, and the team saw no backlog.",
            ],
            "development": [
                "Case files did not always record what the adult at risk wanted to happen.",
            ],
            "recommendations": [
                (7, "Audit case files each quarter for a record of the adult's wishes."),
                (8, "Ask the safeguarding board to survey people about their experience of an enquiry."),
            ],
        },
    ],
    "recommendations": [],
    "key_priorities": [],
    "people": ["Cabinet member for health and wellbeing", "Advice line staff"],
}

#: A safeguarding peer review as a PDF (made with weasyprint from HTML): scope questions in a
#: numbered list, the team in a table, findings in bullets, key priorities as bullets under
#: "Key priorities", then numbered recommendations.
PDF_PRIORITIES = {
    "name": "pdf-priorities",
    "file": "pdf-priorities.pdf",
    "title": "Safeguarding adults peer review",
    "kind": "safeguarding-peer-review",
    "intro": [
        "The peer review took place on 14-16 October 2019 at the council's request.",
    ],
    "scope_intro": "",
    "scope": [
        "How well does the council understand the quality of its safeguarding practice?",
        "How well do partners work together when an adult is at risk?",
    ],
    "team": [
        ("Alan Brook", "Lead peer and former director", "lead-director", "Coastal Council"),
        ("Dr Fiona Reid", "Officer peer", "officer-peer", "Midshire NHS Trust"),
        ("Grace Lowe", "Member peer", "member-peer", "Lakeside Council"),
        ("Omar Haddad", "Review manager", "challenge-manager", "Local Government Association"),
    ],
    "sections": [
        {
            "topic": "Quality of practice",
            "strengths": [
                "Practitioners described making safeguarding personal with confidence and gave clear examples.",
                "Supervision is regular and managers keep a record of the decisions taken.",
            ],
            "development": [
                "Audits of practice are done but their findings are not shared with front-line teams.",
            ],
        },
        {
            "topic": "Working with partners",
            "strengths": [
                "The police and health partners attend every meeting of the safeguarding board.",
            ],
            "development": [
                "Partners use different thresholds for a referral, which confuses care providers.",
                "There is no joint training plan across the partnership for this year.",
            ],
        },
    ],
    "key_priorities": [
        "Share what audits find with every team that took part.",
        "Agree one threshold document with all partners.",
        "Write a joint training plan for the partnership.",
    ],
    "recommendations": [
        (1, "Add an audit summary to each team meeting agenda."),
        (2, "Publish the agreed threshold document on the board's website."),
        (3, "Review the training plan with partners after six months."),
    ],
    "people": ["Safeguarding board chair", "Police detective inspector"],
}

#: A preparation-for-assurance report pasted as plain text: headings on their own lines,
#: typed "1)" numbers, "•" bullets, "Recommendation 2: ..." lines and "Key priorities".
PASTED = {
    "name": "pasted-text",
    "file": "pasted-text.txt",
    "title": "Preparation for assurance report",
    "kind": "preparation-for-assurance",
    "intro": [
        "This report follows the review team's visit on 2-4 May 2023 to help the council prepare for assurance.",
    ],
    "scope_intro": "",
    "scope": [
        "Is the council's self-assessment honest about its waiting lists?",
        "How well does the council know the quality of care it buys?",
    ],
    "team": [
        ("Ruth Adams", "Lead director", "lead-director", "Eastern County Council"),
        ("Cllr Ian Moss", "Member peer", "member-peer", "Southport Borough"),
        ("Nina Cole", "Expert by experience", "expert-by-experience", "Speak Up Network"),
    ],
    "sections": [
        {
            "topic": "Waiting lists",
            "strengths": [
                "The council publishes its waiting times each month and explains the trend plainly.",
            ],
            "development": [
                "People waiting for an assessment are not contacted while they wait.",
            ],
        },
        {
            "topic": "Quality of care bought",
            "strengths": [
                "Contract officers visit every care home at least once a year.",
            ],
            "development": [
                "Home care quality is judged mainly from complaints rather than from visits.",
            ],
        },
    ],
    "key_priorities": [
        "Contact everyone on a waiting list at least once a month.",
        "Visit home care providers as often as care homes.",
    ],
    "recommendations": [
        (1, "Add a monthly call to people waiting for an assessment to the duty team's rota."),
        (2, "Include home care visits in the quality team's annual plan."),
    ],
    "people": ["Head of commissioning", "Duty team"],
}

#: A peer challenge letter in Word that names its team in a sentence ("I was joined by …"),
#: signed by the director who led it; scope questions typed with numbers after a cue.
WORD_PROSE_TEAM = {
    "name": "word-prose-team",
    "file": "word-prose-team.docx",
    "title": "Peer challenge of adult social care: our feedback",
    "kind": "peer-challenge",
    "greeting": "Dear Sam",
    "intro": [
        "Thank you for hosting the challenge team from 4 to 6 November 2015.",
        "The days on site were arranged with great care by Ann Bell and Tim Rowe of your policy team.",
    ],
    "team_sentence": (
        "I was delighted to lead the challenge, and I was joined by Rosa Lind and Peter Quinn, both Experts by "
        "Experience Eastmoor; Cllr Dana Hope Portfolio Holder for Adults Northby; Owen Pryce, Assistant Director, "
        "Westvale Council; Jill Amos Head of Commissioning Southfield; and Carl Nash Peer Challenge Manager "
        "Midlands ADASS."
    ),
    "signature": ("Grace Okoro", "Director of Adult Services", "Fernley Borough Council"),
    "scope_intro": "We looked at the two questions in the scope you agreed with us:",
    "scope": [
        "How well does the front door steer people to help that keeps them independent?",
        "Is the council ready to pay care providers a fair price for the care it buys?",
    ],
    "team": [
        ("Grace Okoro", "Director of Adult Services", "lead-director", "Fernley Borough Council"),
        ("Rosa Lind", "Experts by Experience", "expert-by-experience", "Eastmoor"),
        ("Peter Quinn", "Experts by Experience", "expert-by-experience", "Eastmoor"),
        ("Cllr Dana Hope", "Portfolio Holder for Adults", "member-peer", "Northby"),
        ("Owen Pryce", "Assistant Director", "officer-peer", "Westvale Council"),
        ("Jill Amos", "Head of Commissioning", "officer-peer", "Southfield"),
        ("Carl Nash", "Peer Challenge Manager", "challenge-manager", "Midlands ADASS"),
    ],
    "sections": [
        {
            "topic": "The front door",
            "strengths": [
                "Call handlers know the local voluntary groups well and refer people to them on the same day.",
            ],
            "development": [
                "A third of the contacts the team sampled were passed to a social worker without any conversation.",
            ],
        },
        {
            "topic": "Paying for care",
            "strengths": [
                "The council has worked out what care really costs with the providers in its area.",
            ],
            "development": [
                "The uplift planned for next year is not yet matched by money in the budget.",
            ],
        },
    ],
    "key_priorities": [],
    "recommendations": [
        (1, "Offer every caller a conversation about what matters to them before a referral is made."),
        (2, "Set aside the money for the fee uplift before the budget is agreed."),
        (3, "Share the cost of care work with providers every year."),
    ],
    "people": [],
}

#: A peer challenge letter as a PDF in the shape of a typed letter: the sender's address block
#: and contact lines fall between "the scope … were:-" and the numbered questions; the team in
#: one sentence ("The team comprised …; …"); each question restated as a numbered line before
#: its strengths and areas for consideration, with "The team recommends" paragraphs among them,
#: one left without a number.
PDF_FURNITURE = {
    "name": "pdf-furniture-scope",
    "file": "pdf-furniture-scope.pdf",
    "title": "Feedback from the adult social care peer challenge",
    "kind": "peer-challenge",
    "intro": ["The team spent 10-12 June 2019 with your staff, your partners and people who use services."],
    "team_sentence": (
        "The team comprised Vera Stone, Lead Director, Kingsmere Council; Cllr Hugh Baird, Member Peer, Allerton "
        "Council; Ida Fenn, Expert by Experience, Carers Voice; and Joel Marr, Review Support, Northern ADASS."
    ),
    "scope_intro": "This letter answers the questions in the scope you set for us, which were:-",
    "address": [
        "Kingsmere Council, Civic Centre, Market Street, Kingsmere KM4 2QT",
        "Email: adult.services@kingsmere.example",
        "Web: www.kingsmere.example",
    ],
    "scope": [
        "Do people who need care at home get it quickly enough after they leave hospital?",
        "How well does the council hear and act on what carers tell it?",
    ],
    "restated": [
        "1. Do people who need care at home get it quickly enough after leaving hospital?",
        "2. How well does the council hear and act on what carers tell it?",
    ],
    "team": [
        ("Vera Stone", "Lead Director", "lead-director", "Kingsmere Council"),
        ("Cllr Hugh Baird", "Member Peer", "member-peer", "Allerton Council"),
        ("Ida Fenn", "Expert by Experience", "expert-by-experience", "Carers Voice"),
        ("Joel Marr", "Review Support", "review-support", "Northern ADASS"),
    ],
    "sections": [
        {
            "topic": "Do people who need care at home get it quickly enough after they leave hospital?",
            "strengths": [
                "A discharge team meets on the wards every morning and knows each person waiting to go home.",
                "Reablement staff start work within a day of a person arriving home in most cases.",
            ],
            "development": [
                "People wait up to nine days for a home care package once reablement ends.",
                "Ward staff could not say who decides when a person is ready to leave.",
            ],
            "recommendations": [
                (1, "The team recommends that home care capacity is booked before reablement ends."),
                (None, "The team recommends that the wards publish who decides on discharge."),
            ],
        },
        {
            "topic": "How well does the council hear and act on what carers tell it?",
            "strengths": [
                "Carers said the new carers' centre answers the phone and calls back when it says it will.",
            ],
            "development": [
                "Carers' assessments are offered to fewer than half of the carers who are known to the council.",
            ],
            "recommendations": [
                (3, "The team recommends that every carer known to the council is offered an assessment."),
            ],
        },
    ],
    "key_priorities": [],
    "recommendations": [],
    "people": [],
}

#: An assurance report pasted as text in the shape of a converted PDF: capital headings, the
#: reviewers named in a sentence of the background, the framework's domains as the scope (a
#: footnote cutting the list), findings under each domain with no "Strengths" heading (some
#: in bullets after a cue), a paragraph cut by a page break, and recommendations as bullets,
#: some with their numbers and some without, one cut in two by a page break.
TEXT_DOMAINS = {
    "name": "text-domains",
    "file": "text-domains.txt",
    "title": "",
    "kind": "assurance-review",
    "intro": [
        "Assurance review of adult social care, Borough of Lenton, 7 – 9 February 2018",
        "BACKGROUND",
        (
            "The council asked for an independent check of its self-assessment before its next budget round. "
            "The check was carried out by two independent social care consultants, Hannah Voss and Martin Ebdon. "
            "They interviewed staff over three days and read the council's key documents."
        ),
        "Our findings are set out under the four domains of the council's framework:-",
        "- Leadership and direction",
        "- Outcomes for people",
        "¹ The framework was published by the regional network in 2017",
        "- Working with partners",
        "- Money and staff",
        "KEY FINDINGS",
    ],
    "scope": ["Leadership and direction", "Outcomes for people", "Working with partners", "Money and staff"],
    "team": [
        ("Hannah Voss", "Independent social care consultants", "reviewer", ""),
        ("Martin Ebdon", "Independent social care consultants", "reviewer", ""),
    ],
    "sections": [
        {
            "topic": "Leadership and direction",
            "lines": [
                ("strength", "Leaders are visible and staff told us they feel trusted and well supported."),
                ("strength", "The lead member has a strong grasp of the budget and chairs the board with care."),
                (
                    "development",
                    "However, the plan for the next three years does not yet show where savings will come from.",
                ),
            ],
        },
        {
            "topic": "Outcomes for people",
            "lines": [
                ("heading", "Safeguarding"),
                ("strength", "Safeguarding enquiries are completed on time and the quality of the work is good."),
                ("cue", "Strong results this year include the following:-"),
                ("strength", "- 88% of people using services say they feel safe"),
                ("strength", "- 12% of adults with a learning disability are in paid work"),
                ("cue", "Two measures need a closer look:-"),
                ("development", "- Admissions to care homes for people under 65 are higher than in similar councils"),
                ("development", "- Fewer people than expected need less support after reablement"),
                ("heading", "Waiting for help"),
                (
                    "development",
                    "Waiting lists for occupational therapy have grown and the council should plan for|"
                    "the rising number of older people who will need equipment at home.",
                ),
            ],
        },
        {
            "topic": "Working with partners",
            "lines": [
                (
                    "strength",
                    "Relationships with the local NHS have improved and both sides describe them as positive.",
                ),
                ("development", "There is no joint plan yet for the integration of community health and care teams."),
            ],
        },
        {
            "topic": "Money and staff",
            "lines": [
                ("strength", "Staff turnover is low and the use of agency workers has fallen for two years."),
                ("development", "The budget for care homes is under pressure and the gap is not reported monthly."),
            ],
        },
    ],
    "key_priorities": [],
    "recommendations": [
        (None, "Keep the lead member's grasp of the budget at the centre of the board's work."),
        (2, "Show in the medium term plan where each saving will come from."),
        (3, "Look again at admissions to care homes for people under 65 and report the findings to the board."),
        (4, "Agree a joint plan with the NHS for community teams."),
        (None, "Report the care home budget gap to members every month."),
        (6, "Plan occupational therapy capacity for the next five years."),
    ],
    "people": ["Cllr Pat Lowe Portfolio Holder, Adults", "Jo Pike Assistant Director, Commissioning"],
}

#: A peer challenge letter in Word as councils often send it: the title names the kind, a date
#: line, numbered scope questions, team bullets "Name, Job, Organisation (lead peer)", findings
#: under numbered headings that restate the questions in a few words, key priorities last and
#: a signature ("Yours sincerely," the signer's name and job) that is no item of the letter.
WORD_TOPIC_NUMBERS = {
    "name": "word-topic-numbers",
    "file": "word-topic-numbers.docx",
    "title": "Adult Social Care Peer Challenge: Westmere Council, 4 to 6 February 2020",
    "kind": "peer-challenge",
    "letter_date": "2 March 2020",
    "intro": [
        "Dear Priya,",
        "Thank you for asking us to look at how adult social care in Westmere is working. This letter gives our "
        "findings and what we suggest you do next.",
    ],
    "scope_intro": "You asked us to consider three questions:",
    "scope": [
        "How well do people get home from hospital without waiting?",
        "Are direct payments giving people real choice?",
        "Is the workforce plan keeping enough social workers?",
    ],
    "team": [
        ("Olu Adeyemi", "Director of Adult Social Services", "lead-director", "Kirkby Borough Council", "lead peer"),
        ("Councillor Rhian Evans", "Member peer", "member-peer", "Tawe County Council", ""),
        ("Sam Whitlock", "Expert by experience", "expert-by-experience", "", ""),
        ("Dee Harper", "Peer challenge manager", "challenge-manager", "Local Government Association", ""),
    ],
    "sections": [
        {
            "topic": "Hospital discharge",
            "scope": 1,
            "strengths": [
                "Ward staff and social workers plan discharges together from the day of admission.",
                "Reablement starts within two days for most people leaving hospital.",
            ],
            "development": [
                "People needing care at home wait nine days on average for a package to start.",
            ],
        },
        {
            "topic": "Direct payments",
            "scope": 2,
            "strengths": [
                "The direct payments support service is praised by the people who use it.",
            ],
            "development": [
                "Few personal assistants are available in the rural north of the county.",
            ],
        },
        {
            "topic": "Keeping social workers",
            "scope": 3,
            "strengths": [
                "Newly qualified social workers value their protected caseloads in the first year.",
            ],
            "development": [
                "One in five social work posts is filled by agency staff.",
            ],
        },
    ],
    "recommendations": [
        (1, "Agree with the hospital trust a target for starting home care within three days."),
        (2, "Build a register of personal assistants for the rural north."),
        (3, "Set a goal for cutting agency social workers and report on it every quarter."),
    ],
    "key_priorities": [
        "Start home care sooner after a hospital stay.",
        "Grow the number of personal assistants.",
    ],
    "signature": ["Yours sincerely,", "Olu Adeyemi", "Director of Adult Social Services, Kirkby Borough Council"],
    "review": {
        "title": "Adult Social Care Peer Challenge: Westmere Council, 4 to 6 February 2020",
        "kind": "peer-challenge",
        "letter_date": "2020-03-02",
        "scope_style": "questions",
        "key_line_of_enquiry": "",
    },
}

#: A safeguarding peer review pasted as text: the first line is the title, then the dates on
#: site; one key line of enquiry, a lead-in sentence and three sub-areas; the team as
#: "Name – Role, Job, Council" with an LGA manager; a "Kind regards" signature.
TEXT_KEY_LINE = {
    "name": "text-key-line",
    "file": "text-key-line.txt",
    "title": "Safeguarding Adults Peer Review – Royal Borough of Eastwick",
    "kind": "safeguarding-peer-review",
    "dates": "3 – 5 October 2017",
    "intro": [
        "Dear Marcus,",
        "Thank you for welcoming the peer team to Eastwick and for the openness of everyone we met.",
    ],
    "key_line": "To what extent are adults at risk in Eastwick protected from harm?",
    "scope": [
        "The experience of people who raise a concern",
        "Partnership working through the Safeguarding Adults Board",
        "Recording and quality assurance of enquiries",
    ],
    "team": [
        ("Grace Okafor", "Lead Peer, Director of Adult Services", "lead-director", "Medbury Council", ""),
        ("Cllr Tom Reyes", "Member Peer", "member-peer", "Harfield Borough Council", ""),
        ("Anil Shah", "Officer Peer, Safeguarding Manager", "officer-peer", "Northmoor Council", ""),
        ("Beth Carver", "Peer Challenge Manager", "challenge-manager", "LGA", ""),
    ],
    "sections": [
        {
            "topic": "",
            "strengths": [
                "Concerns raised by the public are answered on the same working day.",
                "Board partners share a single set of safeguarding performance figures.",
            ],
            "development": [
                "Outcomes that people wanted are rarely written on the enquiry record.",
                "Audits of enquiries are not followed up to check that practice changed.",
            ],
        },
    ],
    "recommendations": [
        (1, "Ask every person at the start of an enquiry what outcome they want and record it."),
        (2, "Repeat each case file audit after three months to see whether practice changed."),
    ],
    "key_priorities": [],
    "signature": ["Kind regards", "Grace Okafor", "Director of Adult Services"],
    "review": {
        "title": "Safeguarding Adults Peer Review – Royal Borough of Eastwick",
        "kind": "safeguarding-peer-review",
        "scope_style": "key-line",
        "key_line_of_enquiry": "To what extent are adults at risk in Eastwick protected from harm?",
    },
}

LETTERS = [WORD_NUMBERED, WORD_LABELLED, PDF_PRIORITIES, PASTED, WORD_PROSE_TEAM, PDF_FURNITURE, TEXT_DOMAINS]
#: Letters whose expected files also pin the review's details, job titles and scope links.
DETAILED_LETTERS = [WORD_TOPIC_NUMBERS, TEXT_KEY_LINE]


def expected(letter: dict) -> dict:
    """What a careful person would take from the letter, in the proposal's shape."""
    findings = []
    recommendations = []
    for section in letter["sections"]:
        for kind, text in section.get("lines", []):
            if kind in ("strength", "development"):
                text = text.removeprefix("- ").replace("|", " ")
                findings.append({"kind": kind, "heading": section["topic"], "text": text})
        for kind, key in (("strength", "strengths"), ("development", "development")):
            for text in section.get(key, []):
                finding = {"kind": kind, "heading": section["topic"], "text": text}
                if "review" in letter:
                    finding["scope"] = section.get("scope")
                findings.append(finding)
        for number, text in section.get("recommendations", []):
            recommendations.append({"number": number, "text": text, "kind": "recommendation"})
    for text in letter["key_priorities"]:
        recommendations.append({"number": None, "text": text, "kind": "key-priority"})
    for number, text in letter["recommendations"]:
        recommendations.append({"number": number, "text": text, "kind": "recommendation"})
    if "review" in letter:  # the detailed letters: job titles too, and the review's details
        team = [
            {"name": name, "role": role, "organisation": organisation, "job_title": job}
            for name, job, role, organisation, _played in letter["team"]
        ]
        return {
            "review": letter["review"],
            "scope": [{"text": text} for text in letter["scope"]],
            "team": team,
            "findings": findings,
            "recommendations": recommendations,
        }
    return {
        "scope": [{"text": text} for text in letter["scope"]],
        "team": [
            {"name": name, "role": role, "organisation": organisation}
            for name, _job, role, organisation in letter["team"]
        ],
        "findings": findings,
        "recommendations": recommendations,
    }
