//! Writing an Anki package: TODO
