//! Lists put in order for the screen through one sort routine. Each `sort_by_key` with its own key
//! puts a copy of the standard library's sort into the WebAssembly (about 3 KB each); here every
//! list is ordered by a [`Key`] of one type, so the sort is compiled once.

/// What a row is ordered by: a text, then two numbers (smallest first).
pub type Key = (String, i64, i64);

/// A key of numbers only.
pub fn numbers(first: i64, second: i64) -> Key {
    (String::new(), first, second)
}

/// `items` in the order of their keys; rows with equal keys keep their order.
pub fn by_key<T>(items: Vec<T>, key: impl Fn(&T) -> Key) -> Vec<T> {
    let mut keyed: Vec<(Key, usize)> = items.iter().enumerate().map(|(index, item)| (key(item), index)).collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    keyed.into_iter().filter_map(|(_, index)| slots[index].take()).collect()
}
