"""The sentence aligner: 1-1, 1-2, 2-1, 1-0 and 0-1 units from a machine-translated bridge and lengths."""

from __future__ import annotations

from app.translation import align

# An English article, its machine translation into Spanish (the bridge) and a Spanish edition that merges,
# splits, drops and adds sentences. The bridge is written as a weak engine would write it.
SOURCES = [
    "Judge orders hearings for deported men",
    "A federal judge on Tuesday ordered the government to give 14 deported men a hearing.",
    "The men were flown to a prison in El Salvador in March.",
    "None of them has been charged.",
    "The lawyers called the ruling a victory for due process, and said they would ask for the men's return.",
    "The White House did not respond.",
    "The case is one of several.",
]
BRIDGE = [
    "Juez ordena audiencias para hombres deportados",
    "Un juez federal el martes ordenó al gobierno dar a 14 hombres deportados una audiencia.",
    "Los hombres fueron volados a una cárcel en El Salvador en marzo.",
    "Ninguno de ellos ha sido acusado.",
    "Los abogados llamaron el fallo una victoria para el debido proceso, y dijeron que pedirían el regreso "
    "de los hombres.",
    "La Casa Blanca no respondió.",
    "El caso es uno de varios.",
]
TARGETS = [
    "Juez ordena audiencias para deportados",
    "Un juez federal ordenó el martes al gobierno dar una audiencia a 14 hombres deportados.",
    "Los hombres fueron trasladados en marzo a una cárcel de El Salvador, y ninguno de ellos ha sido acusado.",
    "Los abogados calificaron el fallo como una victoria para el debido proceso.",
    "Dijeron que pedirán el regreso de los hombres.",
    "El Salvador es gobernado por Nayib Bukele desde 2019, con un régimen de excepción vigente.",
    "El caso es uno de varios.",
]


def test_merges_splits_and_sentences_without_counterpart():
    units = align.align(SOURCES, TARGETS, BRIDGE, titles=True)
    # (a 1-0 next to a 0-1 may come in either order: both are the same alignment)
    assert {(u.source, u.target) for u in units} == {
        ((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3, 4)), ((5,), ()), ((), (5,)), ((6,), (6,))}
    assert sorted(u.shape for u in units) == ["0-1", "1-0", "1-1", "1-1", "1-1", "1-2", "2-1"]


def test_confidence_is_high_for_clear_pairs_and_every_value_is_a_share():
    units = align.align(SOURCES, TARGETS, BRIDGE, titles=True)
    assert all(0.0 <= u.confidence <= 1.0 for u in units)
    assert units[1].confidence >= align.LOW_CONFIDENCE


def test_a_back_translation_is_used_as_a_second_look():
    back = ["Judge orders hearings for deportees"] + [""] * (len(TARGETS) - 1)
    units = align.align(SOURCES, TARGETS, BRIDGE, titles=True, back=back)
    assert (units[0].source, units[0].target) == ((0,), (0,))


def test_one_side_empty():
    assert [(u.source, u.target) for u in align.align(["A."], [], ["A."])] == [((0,), ())]


def test_chrf_is_one_for_equal_texts_and_low_for_unrelated_ones():
    assert align.chrf("la cárcel", "La carcel") == 1.0
    assert align.chrf("la cárcel de máxima seguridad", "el partido de fútbol") < 0.4


# A loosely translated sentence between two clear pairs: its 1-1 scores a little below its background.
LOOSE_SOURCES = ["Getting started",
                 "This chapter explains how to build a package from the source code of a program.",
                 "You need a few tools before you begin.",
                 "Several types of people interact with the project in different roles.",
                 "Each of them has different needs and expectations.",
                 "The last section lists the documents you should read first."]
LOOSE_BRIDGE = ["Empezando",
                "Este capítulo explica cómo construir un envase del código de fuente de un programa.",
                "Necesitas unas cuantas herramientas antes de que empiezas.",
                "Varios tipos de personas interactúan con el proyecto en funciones diferentes.",
                "Cada de ellos tiene necesidades diferentes y expectativas.",
                "La última sección lista los documentos que tendrías que leer primero."]
LOOSE_TARGETS = ["Primeros pasos",
                 "Este capítulo explica cómo se construye un paquete a partir del código fuente de un programa.",
                 "Antes de empezar hacen falta algunas herramientas.",
                 "Quien se acerca al proyecto lo hace desde lugares muy distintos.",
                 "Cada uno tiene necesidades y expectativas diferentes.",
                 "La última sección enumera los documentos que conviene leer primero."]


def test_a_loose_translation_is_paired_rather_than_taken_for_a_replaced_sentence(monkeypatch):
    units = align.align(LOOSE_SOURCES, LOOSE_TARGETS, LOOSE_BRIDGE, titles=True)
    assert [(u.source, u.target) for u in units] == [((i,), (i,)) for i in range(6)]
    monkeypatch.setattr(align, "REPLACE_COST", 0.0)  # without the cost: a 0-1 and a 1-0
    units = align.align(LOOSE_SOURCES, LOOSE_TARGETS, LOOSE_BRIDGE, titles=True)
    assert {((), (3,)), ((3,), ())} <= {(u.source, u.target) for u in units}
