"""Why did it regress: the forgetting matrix and root-cause ranking with evidence.

See docs/diagnosis.md.
"""

from codecanary.diagnose.causes import CAUSES, Cause, CauseScore
from codecanary.diagnose.evidence import DiagnosisInput, EventNote, TaskInfo
from codecanary.diagnose.load import diagnose_subject, diagnosis_input, forgetting_from_store
from codecanary.diagnose.matrix import Cell, ForgettingMatrix, forgetting_matrix
from codecanary.diagnose.rank import Diagnosis, diagnose
from codecanary.diagnose.tokendiff import AnswerPair, TokenDiff, token_diff

__all__ = [
    "CAUSES", "AnswerPair", "Cause", "CauseScore", "Cell", "Diagnosis", "DiagnosisInput",
    "EventNote", "ForgettingMatrix", "TaskInfo", "TokenDiff", "diagnose", "diagnose_subject",
    "diagnosis_input", "forgetting_from_store", "forgetting_matrix", "token_diff",
]
