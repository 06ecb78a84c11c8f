//! Adversarial answers, each refused by its gate, and the sentences each gate lets through.

use super::*;

#[test]
fn an_invented_named_asset_beside_a_real_citation_is_unsupported() {
    let owned = strike();
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike on Izmail as a threat to the Tyras gas field offshore.",
            &[1],
        ),
        "unsupported-name",
    );
    assert_refused(
        &owned,
        fact(
            "The Regional Administration says the Tyras gas field was hit.",
            &[1],
        ),
        "checker",
    );
}

#[test]
fn a_citation_outside_the_items_or_none_is_refused() {
    let owned = strike();
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike on Izmail as an escalation.",
            &[1, 9],
        ),
        "citation",
    );
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike on Izmail as an escalation.",
            &[0],
        ),
        "citation",
    );
    assert_refused(
        &owned,
        analysis("The desk reads the strike on Izmail as an escalation.", &[]),
        "citation",
    );
    // The same sentence cited properly passes: the refusals are the citations'.
    assert_passes(
        &owned,
        analysis(
            "The desk reads the strike on Izmail as an escalation.",
            &[1],
        ),
    );
}

#[test]
fn a_paraphrase_in_quotation_marks_is_refused_though_its_words_are_there() {
    let owned = strike();
    // Every word is in the post ("A grain terminal in the port was hit."), not in this order.
    assert_refused(
        &owned,
        fact(
            "The Regional Administration says \"a grain terminal was hit in the port\".",
            &[1],
        ),
        "quotation",
    );
    assert_refused(
        &owned,
        fact(
            "The Regional Administration writes of a ‘terminal strike’ on the port.",
            &[1],
        ),
        "quotation",
    );
    assert_passes(
        &owned,
        fact(
            "The Regional Administration says \"A grain terminal in the port was hit\".",
            &[1],
        ),
    );
}

#[test]
fn a_changed_number_is_refused() {
    let owned = strike();
    assert_refused(
        &owned,
        fact(
            "The Regional Administration says 14 people were killed.",
            &[1],
        ),
        "checker",
    );
    assert_refused(
        &owned,
        analysis(
            "The desk reads a toll of 14 killed as the heaviest cost of the strike.",
            &[1],
        ),
        "unsupported-number",
    );
    assert_passes(
        &owned,
        fact(
            "The Regional Administration says 12 people were killed.",
            &[1],
        ),
    );
}

#[test]
fn a_changed_date_is_refused() {
    let owned = strike();
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike of 3 July 2026 as an escalation on the Danube.",
            &[1, 6],
        ),
        "unsupported-date",
    );
    assert_passes(
        &owned,
        analysis(
            "The desk reads the strike of 2 July 2026 as an escalation on the Danube.",
            &[1, 6],
        ),
    );
}

#[test]
fn a_self_correction_is_meta() {
    let owned = strike();
    for text in [
        "The desk reads the strike as a message to Biden… Trump.",
        "The desk reads the strike as a message to Biden... Trump.",
        "The desk reads the strike as a message to Biden — Trump.",
        "The desk reads the strike as a message to Izmail - Odesa.",
    ] {
        assert_refused(&owned, analysis(text, &[1]), "meta");
    }
}

#[test]
fn an_unattributed_figure_is_refused() {
    let owned = strike();
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike as a blow to a port that handles 40 percent of the region's grain.",
            &[1, 6],
        ),
        "unsupported-number",
    );
}

#[test]
fn a_reading_attributed_to_a_party_the_evidence_never_quotes_is_refused() {
    let owned = strike();
    // Ukraine is named in the cited items, but nobody there speaks for it.
    assert_refused(
        &owned,
        analysis(
            "Ukraine sees it as an attack on its grain trade on the Danube.",
            &[1, 6],
        ),
        "attribution",
    );
    assert_refused(
        &owned,
        analysis("They argue that the port was the target.", &[1]),
        "attribution",
    );
    let talks = talks(true);
    assert_refused(
        &talks,
        analysis(
            "Turkey argues that the talks protect shipping in the Black Sea.",
            &[1, 4],
        ),
        "attribution",
    );
    // The same view as the desk's own reading passes.
    assert_passes(
        &talks,
        analysis(
            "The desk reads the talks as an effort to protect shipping in the Black Sea.",
            &[1, 4],
        ),
    );
}

#[test]
fn meta_talk_is_refused() {
    let owned = strike();
    for text in [
        "As an AI language model, I cannot judge the strike on Izmail.",
        "Evidence item 3 shows the strike on Izmail.",
        "The items above show the strike on Izmail.",
        "Sorry, the strike on Izmail was on the port.",
        "The desk reads the strike on Izmail as an escalation [1].",
    ] {
        assert_refused(&owned, analysis(text, &[1]), "meta");
    }
}

/// An item of several sentences is split, each part gated on its own with the item's cites; a
/// text cut off without its stop is refused. The real model's answers did both.
#[test]
fn an_item_of_several_sentences_is_split_and_a_cut_off_one_refused() {
    let owned = strike();
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike on Izmail as an escalation, sending ash into the sky and fuzz",
            &[1],
        ),
        "form",
    );
    let input = owned.input();
    let items = evidence_items(&input);
    let answer = Answer {
        signals: vec![analysis(
            "The desk reads the strike on Izmail as an escalation. The Tyras gas field was the real target. The desk reads the hit on the port as a warning.",
            &[1],
        )],
        ..Answer::default()
    };
    let gated = gate(&answer, &items, &input);
    assert_eq!(gated.note.proposed, 3);
    assert_eq!(gated.note.published, 2, "{:?}", gated.refused);
    assert_eq!(gated.note.refused.get("unsupported-name"), Some(&1));
    let section = &gated.sections[0];
    assert_eq!(
        section.sentences[1].text,
        "The desk reads the hit on the port as a warning."
    );
    assert_eq!(
        section.sentences[0].citations,
        section.sentences[1].citations
    );
}

/// One side's figure of a disputed toll stated as fact is refused, in digits or in words; the
/// same figure with whose it is passes this gate.
#[test]
fn a_disputed_value_stated_as_fact_is_refused() {
    let owned = strike();
    for text in [
        "The desk reads the 12 dead as the heaviest cost of the strike.",
        "The desk reads the twelve dead as the heaviest cost of the strike.",
    ] {
        assert_refused(&owned, analysis(text, &[1]), "ledger");
    }
    for text in [
        "The desk reads the Regional Administration's 12 dead as the heaviest cost of the strike.",
        "The Regional Administration says 12 were killed in the strike.",
    ] {
        let gates = refused_by(&owned, analysis(text, &[1]));
        assert!(!gates.contains(&"ledger".to_string()), "{text}: {gates:?}");
    }
}

/// A sentence that says nothing of this story passes every other gate and tells the reader
/// nothing: refused. Its names, a demonym or acronym of them, a ledger value or the kind's event
/// word each make it about the story.
#[test]
fn a_sentence_about_nothing_in_the_story_is_refused() {
    let owned = strike();
    for text in [
        "This development bears close watching in the days ahead.",
        "The desk reads the situation as serious and still unfolding.",
        "Much remains unclear, and the coming days will tell.",
    ] {
        assert_refused(&owned, analysis(text, &[1]), "content");
    }
    for text in [
        "The desk reads the strike as an escalation.",
        "The desk reads the hit on Izmail as a message to the region.",
        "The desk reads the Russian silence as telling.",
        "The desk reads the toll of 12 as the heaviest cost.",
    ] {
        let gates = refused_by(&owned, analysis(text, &[1]));
        assert!(!gates.contains(&"content".to_string()), "{text}: {gates:?}");
    }
}

#[test]
fn a_writing_fault_or_no_text_is_refused() {
    let owned = strike();
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike as unclaimed, with claimed_by still open.",
            &[1],
        ),
        "writing",
    );
    assert_refused(
        &owned,
        analysis(
            "The desk reads the strike on the the port as an escalation.",
            &[1],
        ),
        "writing",
    );
    assert_refused(&owned, analysis("  ", &[1]), "empty");
}

#[test]
fn a_sentence_repeated_in_another_section_is_refused_the_second_time() {
    let owned = strike();
    let input = owned.input();
    let items = evidence_items(&input);
    let mut answer = good_strike_answer();
    answer.stakes.push(answer.signals[0].clone());
    let gated = gate(&answer, &items, &input);
    assert_eq!(gated.note.refused.get("duplicate"), Some(&1));
    assert_eq!(gated.sections.len(), 4);
}
