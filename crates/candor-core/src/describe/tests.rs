use super::*;

fn field<'a>(m: &'a Model, kind: Kind, name: &str) -> &'a Field {
    m.kinds
        .iter()
        .find(|k| k.kind == kind)
        .and_then(|k| k.fields.iter().find(|f| f.name == name))
        .unwrap_or_else(|| panic!("{kind} has no field {name}"))
}

#[test]
fn references_and_requirements_come_from_validation() {
    let m = model();
    let performed_by = field(&m, Kind::Workaround, "performed_by");
    assert_eq!(performed_by.input, Input::Reference);
    assert_eq!(performed_by.refs, [Kind::Person]);
    assert!(performed_by.required);
    let request = field(&m, Kind::Workaround, "request");
    assert_eq!(request.refs, [Kind::Request]);
    assert!(!request.required, "an optional link is not required");
    let subject = field(&m, Kind::Disclosure, "subject");
    assert_eq!(
        subject.refs,
        [Kind::Workaround, Kind::Request, Kind::Incident]
    );
    let participants = field(&m, Kind::Communication, "participants");
    assert!(participants.many);
    assert_eq!(participants.refs, [Kind::Person]);
    assert!(field(&m, Kind::Workaround, "justification").required);
    assert!(field(&m, Kind::Party, "name").required);
    assert!(!field(&m, Kind::Person, "title").required);
    let authority = field(&m, Kind::Person, "authority_level");
    assert_eq!((authority.min, authority.max), (Some(1), Some(5)));
}

#[test]
fn nested_objects_are_fields_with_their_nest() {
    let m = model();
    let approver = field(&m, Kind::Workaround, "approver");
    assert_eq!(approver.nest.as_deref(), Some("approval"));
    assert_eq!(approver.refs, [Kind::Person]);
    assert!(!approver.required, "an approval is optional");
    assert_eq!(approver.label, "Approved by");
    assert_eq!(
        field(&m, Kind::Workaround, "approved_at").input,
        Input::Instant
    );
}

#[test]
fn inputs_and_choices_follow_the_types() {
    let m = model();
    assert_eq!(field(&m, Kind::Delegation, "starts").input, Input::Day);
    assert_eq!(field(&m, Kind::Person, "emails").input, Input::List);
    assert_eq!(
        field(&m, Kind::Person, "key_stakeholder").input,
        Input::Checkbox
    );
    assert_eq!(field(&m, Kind::Communication, "items").input, Input::Other);
    let direction = field(&m, Kind::Communication, "direction");
    assert_eq!(direction.choices.as_deref(), Some("Direction"));
    let labels: Vec<&str> = m.enums["Direction"]
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert!(labels.contains(&"Two-way (meeting, call)"));
    assert_eq!(m.rules.len(), Rule::ALL.len());
    assert_eq!(m.kinds.len(), Kind::ALL.len());
}

#[test]
fn every_field_of_every_kind_is_described() {
    let m = model();
    for k in &m.kinds {
        let template = k.kind.template();
        for name in template.as_object().unwrap().keys() {
            assert!(
                k.fields
                    .iter()
                    .any(|f| &f.name == name || f.nest.as_deref() == Some(name)),
                "{}.{name} is not described",
                k.kind
            );
        }
    }
}

#[test]
fn every_kinds_sample_data_is_read_as_that_kind() {
    let document = crate::interchange::schema();
    let defs = document["$defs"].as_object().cloned().unwrap();
    for &kind in Kind::ALL {
        let version = &defs[&format!("{}_version", kind.as_str())];
        let data = sample(&defs, deref(&defs, &version["properties"]["data"]));
        if let Err(e) = kind.probe(data.clone(), &Nothing) {
            panic!("{kind}: {e}\n{data}");
        }
    }
}
